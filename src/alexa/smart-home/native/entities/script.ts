/** Scripts: activate (`script.turn_on`) and deactivate (`script.turn_off`), no EndpointHealth. */
import { sceneControllerInstance } from '../capabilities/scene-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

const CAPABILITIES = [sceneControllerInstance(true)];

export const scriptAdapter: EntityAdapter = {
  domains: ['script'],
  displayCategories: () => ['ACTIVITY_TRIGGER'],
  capabilities: () => CAPABILITIES,
  endpointHealth: false,
};
