/** Switches and input_booleans: power plus a contact sensor (so routines can start on them). */
import { CONTACT_SENSOR_INSTANCE } from '../capabilities/contact-sensor.js';
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

const CAPABILITIES = [POWER_CONTROLLER_INSTANCE, CONTACT_SENSOR_INSTANCE];

export const switchAdapter: EntityAdapter = {
  domains: ['switch', 'input_boolean'],
  displayCategories: (entity) => {
    if (entity.domain === 'input_boolean') return ['OTHER'];
    return entity.attributes.device_class === 'outlet' ? ['SMARTPLUG'] : ['SWITCH'];
  },
  capabilities: () => CAPABILITIES,
};
