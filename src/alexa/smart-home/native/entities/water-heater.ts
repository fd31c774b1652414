/**
 * Water heaters: WATER_HEATER; with OPERATION_MODE a ThermostatController (setpoints only), a
 * TemperatureSensor and a ModeController over the operation list; with ON_OFF a PowerController.
 */
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import { temperatureSensorInstance } from '../capabilities/temperature-sensor.js';
import { thermostatInstance } from '../capabilities/thermostat-controller.js';
import { waterHeaterOperationMode } from '../capabilities/water-heater-controls.js';
import type { CapabilityInstance, EntityAdapter } from '../capabilities/types.js';

const OPERATION_MODE = 2;
const ON_OFF = 8;

export const waterHeaterAdapter: EntityAdapter = {
  domains: ['water_heater'],
  // Not in the displayCategories enum of Amazon's schema, but what HA sends and Alexa accepts.
  displayCategories: () => ['WATER_HEATER'],
  // HA discovers it even with no feature bits (EndpointHealth only), so ReportState answers too.
  discoverWithoutCapabilities: true,
  capabilities: (entity) => {
    const result: CapabilityInstance[] = [];
    if ((entity.features & ON_OFF) !== 0) result.push(POWER_CONTROLLER_INSTANCE);
    if ((entity.features & OPERATION_MODE) !== 0) {
      result.push(thermostatInstance(entity), temperatureSensorInstance(entity));
      const modes = waterHeaterOperationMode(entity);
      if (modes !== undefined) result.push(modes);
    }
    return result;
  },
};
