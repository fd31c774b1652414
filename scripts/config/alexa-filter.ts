import * as yup from 'yup';
import { strictObject } from './validate.js';

/**
 * The Alexa exposure filter, in Home Assistant's own `alexa: smart_home: filter:` shape, synced to
 * `<prefix>/alexa/filter` as JSON.
 *
 * @see https://www.home-assistant.io/integrations/alexa.smart_home/#configure-filter
 */
export interface AlexaFilter {
  include_domains: string[];
  exclude_domains: string[];
  include_entities: string[];
  exclude_entities: string[];
  include_entity_globs: string[];
  exclude_entity_globs: string[];
  entity_config: Record<string, EntityConfig>;
}

export interface EntityConfig {
  name?: string;
  description?: string;
  display_categories?: string;
}

/** Display categories Alexa accepts (Amazon's schema plus those its documentation adds). */
export const DISPLAY_CATEGORIES: readonly string[] = [
  'ACTIVITY_TRIGGER', 'AIR_CONDITIONER', 'AIR_FRESHENER', 'AIR_PURIFIER', 'AUTO_ACCESSORY', 'CAMERA',
  'CHRISTMAS_TREE', 'COFFEE_MAKER', 'COMPUTER', 'CONTACT_SENSOR', 'DOOR', 'DOORBELL', 'EXTERIOR_BLIND', 'FAN',
  'GAME_CONSOLE', 'GARAGE_DOOR', 'HEADPHONES', 'HUB', 'INTERIOR_BLIND', 'LAPTOP', 'LIGHT', 'MICROWAVE',
  'MOBILE_PHONE', 'MOTION_SENSOR', 'MUSIC_SYSTEM', 'NETWORK_HARDWARE', 'OTHER', 'OVEN', 'PHONE', 'PRINTER',
  'REMOTE', 'ROUTER', 'SCENE_TRIGGER', 'SCREEN', 'SECURITY_PANEL', 'SECURITY_SYSTEM', 'SLOW_COOKER', 'SMARTLOCK',
  'SMARTPLUG', 'SPEAKER', 'STREAMING_DEVICE', 'SWITCH', 'TABLET', 'TEMPERATURE_SENSOR', 'THERMOSTAT', 'TV',
  'VACUUM_CLEANER', 'WEARABLE',
];

const LIST_KEYS = [
  'include_domains',
  'exclude_domains',
  'include_entities',
  'exclude_entities',
  'include_entity_globs',
  'exclude_entity_globs',
] as const;

const DOMAIN = /^[a-z0-9_]+$/;
const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const ENTITY_GLOB = /^[a-z0-9_*?[\]]+\.[a-z0-9_*?[\]]+$/;
const ENTITY_KEYS = ['name', 'description', 'display_categories'];

const PATTERNS: Record<(typeof LIST_KEYS)[number], [RegExp, string]> = {
  include_domains: [DOMAIN, 'must be a domain such as light or switch'],
  exclude_domains: [DOMAIN, 'must be a domain such as light or switch'],
  include_entities: [ENTITY_ID, 'must be an entity ID such as light.kitchen'],
  exclude_entities: [ENTITY_ID, 'must be an entity ID such as light.kitchen'],
  include_entity_globs: [ENTITY_GLOB, 'must be an entity glob such as binary_sensor.*_motion'],
  exclude_entity_globs: [ENTITY_GLOB, 'must be an entity glob such as binary_sensor.*_motion'],
};

const listSchema = (key: (typeof LIST_KEYS)[number]) => {
  const [pattern, message] = PATTERNS[key];
  return yup
    .array(yup.string().strict().typeError(message).required(message).matches(pattern, message))
    .typeError('must be a list, e.g. [light, switch]')
    .default([]);
};

/** Checks entity_config by hand, because its keys contain dots that yup would read as paths. */
function checkEntityConfig(this: yup.TestContext, value: unknown): true | yup.ValidationError {
  if (value === undefined || value === null) return true;
  const at = (key: string, sub?: string) => `${this.path}["${key}"]${sub ? `.${sub}` : ''}`;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return this.createError({ message: 'must be a mapping of entity IDs to {name, description, display_categories}' });
  }
  const errors: yup.ValidationError[] = [];
  for (const [entityId, settings] of Object.entries(value)) {
    if (!ENTITY_ID.test(entityId)) errors.push(this.createError({ path: at(entityId), message: 'must be an entity ID such as light.kitchen' }));
    if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
      errors.push(this.createError({ path: at(entityId), message: 'must be a mapping with name, description or display_categories' }));
      continue;
    }
    for (const [key, setting] of Object.entries(settings as Record<string, unknown>)) {
      if (!ENTITY_KEYS.includes(key)) {
        errors.push(this.createError({ path: at(entityId, key), message: `unknown key; allowed here: ${ENTITY_KEYS.join(', ')}` }));
      } else if (typeof setting !== 'string' || !setting.trim() || setting.length > 128) {
        errors.push(this.createError({ path: at(entityId, key), message: 'must be text of 1 to 128 characters' }));
      } else if (key === 'display_categories' && !DISPLAY_CATEGORIES.includes(setting)) {
        errors.push(this.createError({ path: at(entityId, key), message: 'must be an Alexa display category such as LIGHT, SWITCH or THERMOSTAT' }));
      }
    }
  }
  return errors.length === 0 ? true : new yup.ValidationError(errors);
}

export const alexaFilterSchema = strictObject({
  ...(Object.fromEntries(LIST_KEYS.map((key) => [key, listSchema(key)])) as Record<(typeof LIST_KEYS)[number], ReturnType<typeof listSchema>>),
  entity_config: yup.mixed().test('entity-config', 'invalid entity_config', checkEntityConfig),
});

export const ALEXA_FILTER_KEYS: readonly string[] = [...LIST_KEYS, 'entity_config'];

/** The filter with every key present and in a fixed order, so the synced JSON is stable. */
export function normalizeAlexaFilter(value: Partial<Record<string, unknown>>): AlexaFilter {
  const list = (key: (typeof LIST_KEYS)[number]) => [...((value[key] as string[] | undefined) ?? [])];
  const entityConfig = (value.entity_config ?? {}) as Record<string, EntityConfig>;
  return {
    include_domains: list('include_domains'),
    exclude_domains: list('exclude_domains'),
    include_entities: list('include_entities'),
    exclude_entities: list('exclude_entities'),
    include_entity_globs: list('include_entity_globs'),
    exclude_entity_globs: list('exclude_entity_globs'),
    entity_config: Object.fromEntries(
      Object.keys(entityConfig)
        .sort()
        .map((id) => {
          const entry = entityConfig[id] ?? {};
          return [id, Object.fromEntries(ENTITY_KEYS.filter((k) => k in entry).map((k) => [k, entry[k as keyof EntityConfig]]))];
        }),
    ),
  };
}
