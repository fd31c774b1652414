/** Sensors: only temperature sensors (°C or °F) are discovered, as TEMPERATURE_SENSOR; HA ignores the rest. */
import { temperatureSensorInstance } from '../capabilities/temperature-sensor.js';
import type { EntityAdapter } from '../capabilities/types.js';

function isTemperature(unit: unknown): boolean {
  return unit === '°C' || unit === '°F';
}

export const sensorAdapter: EntityAdapter = {
  domains: ['sensor'],
  displayCategories: () => ['TEMPERATURE_SENSOR'],
  capabilities: (entity) => (isTemperature(entity.attributes.unit_of_measurement) ? [temperatureSensorInstance(entity)] : []),
};
