/** Buttons and input_buttons: pressed through SceneController.Activate; a press is also a detection event. */
import { eventDetectionSensorInstance } from '../capabilities/event-detection-sensor.js';
import { sceneControllerInstance } from '../capabilities/scene-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

const SCENE = sceneControllerInstance(false);

export const buttonAdapter: EntityAdapter = {
  domains: ['button', 'input_button'],
  displayCategories: () => ['ACTIVITY_TRIGGER'],
  capabilities: (entity) => [SCENE, eventDetectionSensorInstance(entity)],
};
