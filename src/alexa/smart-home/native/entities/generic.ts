/** Groups, alerts and automations: plain on/off (groups through `homeassistant.turn_on/off`). */
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

const CAPABILITIES = [POWER_CONTROLLER_INSTANCE];

export const genericAdapter: EntityAdapter = {
  domains: ['group', 'alert', 'automation'],
  displayCategories: (entity) => (entity.domain === 'automation' ? ['ACTIVITY_TRIGGER'] : ['OTHER']),
  capabilities: () => CAPABILITIES,
};
