/**
 * Exposure from Home Assistant's own UI (`HA_EXPOSURE=assist|label`), decided from one
 * {@link RegistryRead} the way Home Assistant decides what Assist may see, plus the bridge's labels:
 *
 * 1. never: an entity with an `entity_category` (config/diagnostic), `hidden_by` or `disabled_by`;
 * 2. the exclude label (`no_alexa`) → out; the include label (`alexa`) → in;
 * 3. `label` mode: nothing else is in;
 * 4. `assist` mode: the stored flag (`options.conversation.should_expose`, or for an entity without a
 *    registry entry the `homeassistant/expose_entity/list` flag); without one, Home Assistant's
 *    default: "expose new entities" × the default domains and device classes below.
 *
 * The preset, `HA_ALEXA_FILTER` and the adapters then decide as in `filter` mode.
 * @see https://github.com/home-assistant/core/blob/dev/homeassistant/components/homeassistant/exposed_entities.py
 */
import type { Config } from '../../../config/index.js';
import type { RegistryEntry, RegistryRead } from '../../../homeassistant/index.js';
import type { EntityOverrides } from './capabilities/types.js';
import type { Exposure } from './exposure.js';

/**
 * `DEFAULT_EXPOSED_DOMAINS` of `exposed_entities.py` (dev branch, December 2026): `lock` and `script`
 * were in earlier releases and are no longer exposed by default.
 */
export const DEFAULT_EXPOSED_DOMAINS: ReadonlySet<string> = new Set([
  'climate', 'cover', 'fan', 'humidifier', 'light', 'media_player', 'scene', 'switch', 'todo', 'vacuum', 'water_heater',
]);
/** `DEFAULT_EXPOSED_BINARY_SENSOR_DEVICE_CLASSES` (`BinarySensorDeviceClass` values). */
export const DEFAULT_EXPOSED_BINARY_SENSOR_DEVICE_CLASSES: ReadonlySet<string> = new Set(['door', 'garage_door', 'lock', 'motion', 'opening', 'presence', 'window']);
/** `DEFAULT_EXPOSED_SENSOR_DEVICE_CLASSES` (`SensorDeviceClass` values: CO is `carbon_monoxide`, CO2 `carbon_dioxide`). */
export const DEFAULT_EXPOSED_SENSOR_DEVICE_CLASSES: ReadonlySet<string> = new Set([
  'aqi', 'carbon_monoxide', 'carbon_dioxide', 'humidity', 'pm10', 'pm25', 'temperature', 'volatile_organic_compounds',
]);

/** Reads the stored Assist flag of an entity: true/false, or undefined when none is stored. */
function storedFlag(options: RegistryEntry['options'] | Readonly<Record<string, unknown>> | undefined, legacy: boolean): boolean | undefined {
  const value: unknown = legacy ? options?.conversation : (options?.conversation as Readonly<Record<string, unknown>> | undefined)?.should_expose;
  return typeof value === 'boolean' ? value : undefined;
}

/** HA's `_is_default_exposed`: never a categorized or hidden entity; the default domains; two device-class lists. */
export function isDefaultExposed(domain: string, entry: RegistryEntry | undefined, deviceClass: unknown): boolean {
  if (entry !== undefined && (entry.entity_category !== null || entry.hidden_by !== null)) return false;
  if (DEFAULT_EXPOSED_DOMAINS.has(domain)) return true;
  if (typeof deviceClass !== 'string') return false;
  if (domain === 'binary_sensor') return DEFAULT_EXPOSED_BINARY_SENSOR_DEVICE_CLASSES.has(deviceClass);
  if (domain === 'sensor') return DEFAULT_EXPOSED_SENSOR_DEVICE_CLASSES.has(deviceClass);
  return false;
}

/** The registry's decision, before the preset and the filter: is the entity exposed to Alexa? */
export type RegistryRule = (entityId: string, domain: string, attributes?: Readonly<Record<string, unknown>>) => boolean;

export function buildRegistryRule(read: Pick<RegistryRead, 'entries' | 'exposed' | 'exposeNew'>, config: Pick<Config, 'exposureSource' | 'exposureLabels'>): RegistryRule {
  const entries = new Map(read.entries.map((entry) => [entry.entity_id, entry]));
  const [include = 'alexa', exclude = 'no_alexa'] = config.exposureLabels;
  const labelOnly = config.exposureSource === 'label';
  return (entityId, domain, attributes) => {
    const entry = entries.get(entityId);
    if (entry !== undefined) {
      if (entry.entity_category !== null || entry.hidden_by !== null || entry.disabled_by !== null) return false;
      if (entry.labels.includes(exclude)) return false;
      if (entry.labels.includes(include)) return true;
    }
    if (labelOnly) return false;
    const stored = entry === undefined ? storedFlag(read.exposed.get(entityId), true) : storedFlag(entry.options, false);
    if (stored !== undefined) return stored;
    return read.exposeNew && isDefaultExposed(domain, entry, attributes?.device_class);
  };
}

/**
 * The entities whose aliases are worth reading for `HA_ALEXA_NAMES=alias`: registry entries that
 * rule 1–3 does not already exclude (the device class is not known yet, so a few more than needed).
 */
export function aliasCandidates(read: Pick<RegistryRead, 'entries'>, config: Pick<Config, 'exposureSource' | 'exposureLabels'>): string[] {
  const [include = 'alexa', exclude = 'no_alexa'] = config.exposureLabels;
  return read.entries
    .filter((entry) => entry.entity_category === null && entry.hidden_by === null && entry.disabled_by === null && !entry.labels.includes(exclude))
    .filter((entry) => config.exposureSource !== 'label' || entry.labels.includes(include))
    .map((entry) => entry.entity_id);
}

/**
 * `filter` exposure narrowed by the registry: allowed by both; names from `entity_config` first, then
 * (with `HA_ALEXA_NAMES=alias`) the first alias.
 */
export function withRegistry(base: Exposure, rule: RegistryRule, aliases: ReadonlyMap<string, string>): Exposure {
  return {
    allows: (entityId, domain, attributes) => base.allows(entityId, domain) && rule(entityId, domain, attributes),
    overrides: (entityId): EntityOverrides | undefined => {
      const configured = base.overrides(entityId);
      const alias = aliases.get(entityId);
      if (alias === undefined || configured?.name !== undefined) return configured;
      return { ...configured, name: alias };
    },
  };
}
