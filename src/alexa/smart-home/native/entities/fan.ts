/** Fans: FAN with a PowerController and the controls of `fan-controls.ts`. */
import { fanControls } from '../capabilities/fan-controls.js';
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

export const fanAdapter: EntityAdapter = {
  domains: ['fan'],
  displayCategories: () => ['FAN'],
  capabilities: (entity) => [POWER_CONTROLLER_INSTANCE, ...fanControls(entity)],
};
