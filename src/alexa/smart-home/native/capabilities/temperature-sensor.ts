/**
 * Alexa.TemperatureSensor: a sensor's own state in its own unit, or a climate / water heater's
 * `current_temperature` in HA's unit system, as Home Assistant reports them. Unknown, unavailable or
 * non-numeric values are left out.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-temperaturesensor.html
 */
import { scaleOf } from './thermostat-controller.js';
import type { CapabilityInstance, EntityView, ReadEnv } from './types.js';

function reading(entity: EntityView, env: ReadEnv): { value: number; scale: string } | undefined {
  const own = entity.domain === 'climate' || entity.domain === 'water_heater';
  const raw = own ? entity.attributes.current_temperature : entity.state;
  const unit = own ? env.temperatureUnit : entity.attributes.unit_of_measurement === '°F' ? '°F' : '°C';
  if (raw === undefined || raw === null || raw === 'unknown' || raw === 'unavailable') return undefined;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value)) return undefined;
  return { value, scale: scaleOf(unit ?? '°C') };
}

/** The TemperatureSensor of `entity` (climate and water heaters need HA's unit system). */
export function temperatureSensorInstance(entity: EntityView): CapabilityInstance {
  return {
    namespace: 'Alexa.TemperatureSensor',
    supported: ['temperature'],
    proactivelyReported: true,
    retrievable: true,
    needsUnitSystem: entity.domain === 'climate' || entity.domain === 'water_heater',
    read: (current, env) => {
      const temperature = reading(current, env);
      return temperature === undefined ? {} : { temperature };
    },
  };
}
