/**
 * Climate entities: THERMOSTAT with ThermostatController and TemperatureSensor; a PowerController
 * when the entity can be switched off (an `off` HVAC mode, or the TURN_ON/TURN_OFF features).
 */
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import { temperatureSensorInstance } from '../capabilities/temperature-sensor.js';
import { thermostatInstance } from '../capabilities/thermostat-controller.js';
import { stringListAttribute } from '../capabilities/args.js';
import type { CapabilityInstance, EntityAdapter } from '../capabilities/types.js';

const TURN_OFF = 128;
const TURN_ON = 256;

export const climateAdapter: EntityAdapter = {
  domains: ['climate'],
  displayCategories: () => ['THERMOSTAT'],
  capabilities: (entity) => {
    const result: CapabilityInstance[] = [];
    if (stringListAttribute(entity.attributes, 'hvac_modes').includes('off') || (entity.features & (TURN_ON | TURN_OFF)) !== 0) {
      result.push(POWER_CONTROLLER_INSTANCE);
    }
    result.push(thermostatInstance(entity), temperatureSensorInstance(entity));
    return result;
  },
};
