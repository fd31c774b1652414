/** Scenes: activation only, no EndpointHealth; Amazon asks for "scene" in the description. */
import { sceneControllerInstance } from '../capabilities/scene-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

const CAPABILITIES = [sceneControllerInstance(false)];

export const sceneAdapter: EntityAdapter = {
  domains: ['scene'],
  displayCategories: () => ['SCENE_TRIGGER'],
  capabilities: () => CAPABILITIES,
  endpointHealth: false,
  describe: (description) => (description.toLowerCase().includes('scene') ? description : `${description} (Scene)`),
};
