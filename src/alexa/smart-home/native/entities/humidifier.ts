/** Humidifiers: OTHER with a PowerController, the target humidity and (with MODES) the mode. */
import { humidifierControls } from '../capabilities/humidifier-controls.js';
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

export const humidifierAdapter: EntityAdapter = {
  domains: ['humidifier'],
  displayCategories: () => ['OTHER'],
  capabilities: (entity) => [POWER_CONTROLLER_INSTANCE, ...humidifierControls(entity)],
};
