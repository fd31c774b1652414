/**
 * The exposure filter (`HA_ALEXA_FILTER` / SSM `<prefix>/alexa/filter`), in Home Assistant's own
 * shape: the six `include_*` / `exclude_*` lists (top level, or under `filter` as in HA's YAML) plus
 * `entity_config` overrides. The lists follow HA's entity-filter rules exactly; with no filter,
 * every supported entity of the preset is exposed.
 */
import type { Config } from '../../../config/index.js';
import { AlexaInternalError } from '../errors.js';
import type { EntityOverrides } from './capabilities/types.js';
import { eventsEnabled, presetAllows } from './presets.js';

const LIST_KEYS = ['include_domains', 'exclude_domains', 'include_entities', 'exclude_entities', 'include_entity_globs', 'exclude_entity_globs'] as const;
type ListKey = (typeof LIST_KEYS)[number];

/** Entities HA never exposes to Alexa. */
const NEVER_EXPOSED: ReadonlySet<string> = new Set(['group.all_locks', 'group.all_alarm_control_panels']);

export interface Exposure {
  /**
   * The preset and filter (and, with `HA_EXPOSURE=assist|label`, Home Assistant's registry) allow this
   * entity. `attributes` are its state's, when known: the registry's default rules read `device_class`.
   */
  allows(entityId: string, domain: string, attributes?: Readonly<Record<string, unknown>>): boolean;
  overrides(entityId: string): EntityOverrides | undefined;
}

type Lists = Readonly<Record<ListKey, readonly string[]>>;

/** Thrown (as INTERNAL_ERROR) when the filter is malformed; the message names the key to fix. */
export class FilterError extends AlexaInternalError {}

function fail(message: string): never {
  throw new FilterError(`HA_ALEXA_FILTER (SSM alexa/filter) is invalid: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readLists(source: Readonly<Record<string, unknown>>, where: string): Partial<Record<ListKey, readonly string[]>> {
  const result: Partial<Record<ListKey, readonly string[]>> = {};
  for (const key of LIST_KEYS) {
    const value = source[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) fail(`${where}${key} must be a list of strings`);
    result[key] = value;
  }
  return result;
}

/** Parses the filter object into lists and overrides; throws {@link FilterError} naming the key at fault. */
export function parseFilter(raw: Readonly<Record<string, unknown>> | undefined): { lists: Lists; overrides: ReadonlyMap<string, EntityOverrides> } {
  const empty: Lists = { include_domains: [], exclude_domains: [], include_entities: [], exclude_entities: [], include_entity_globs: [], exclude_entity_globs: [] };
  if (raw === undefined) return { lists: empty, overrides: new Map() };
  const known = new Set<string>([...LIST_KEYS, 'filter', 'entity_config']);
  for (const key of Object.keys(raw)) if (!known.has(key)) fail(`unknown key "${key}"; use ${[...known].join(', ')}`);
  const top = readLists(raw, '');
  let nested: Partial<Record<ListKey, readonly string[]>> = {};
  if (raw.filter !== undefined) {
    if (!isObject(raw.filter)) fail('filter must be an object with include_*/exclude_* lists');
    for (const key of Object.keys(raw.filter)) if (!(LIST_KEYS as readonly string[]).includes(key)) fail(`unknown key "filter.${key}"`);
    nested = readLists(raw.filter, 'filter.');
  }
  const lists = { ...empty, ...top } as Record<ListKey, readonly string[]>;
  for (const key of LIST_KEYS) {
    const inner = nested[key];
    if (inner === undefined) continue;
    if (top[key] !== undefined) fail(`${key} is given both at the top level and under filter`);
    lists[key] = inner;
  }
  const overrides = new Map<string, EntityOverrides>();
  if (raw.entity_config !== undefined) {
    if (!isObject(raw.entity_config)) fail('entity_config must map entity IDs to {name, description, display_categories}');
    for (const [entityId, settings] of Object.entries(raw.entity_config)) {
      if (!isObject(settings)) fail(`entity_config["${entityId}"] must be an object`);
      const entry: { name?: string; description?: string; displayCategories?: string } = {};
      for (const [key, value] of Object.entries(settings)) {
        if (typeof value !== 'string' || value.trim() === '') fail(`entity_config["${entityId}"].${key} must be non-empty text`);
        if (key === 'name') entry.name = value;
        else if (key === 'description') entry.description = value;
        else if (key === 'display_categories') entry.displayCategories = value;
        else fail(`entity_config["${entityId}"].${key} is unknown; use name, description or display_categories`);
      }
      overrides.set(entityId, entry);
    }
  }
  return { lists, overrides };
}

/** An fnmatch-style glob (`*`, `?`, `[...]`) compiled once. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] as string;
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const end = glob.indexOf(']', index + 1);
      if (end === -1) source += '\\[';
      else {
        const body = glob.slice(index + 1, end).replace(/\\/g, '\\\\');
        source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
        index = end;
      }
    } else source += char.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * HA's `generate_filter` semantics: no lists ⇒ everything; only includes ⇒ only those; only excludes
 * ⇒ everything else; both ⇒ an included entity wins, then an excluded entity, then globs, then domains.
 */
export function buildEntityFilter(lists: Lists): (entityId: string, domain: string) => boolean {
  const includeE = new Set(lists.include_entities);
  const excludeE = new Set(lists.exclude_entities);
  const includeD = new Set(lists.include_domains);
  const excludeD = new Set(lists.exclude_domains);
  const includeG = lists.include_entity_globs.map(globToRegExp);
  const excludeG = lists.exclude_entity_globs.map(globToRegExp);
  const matches = (globs: readonly RegExp[], id: string): boolean => globs.some((glob) => glob.test(id));
  const haveInclude = includeE.size > 0 || includeD.size > 0 || includeG.length > 0;
  const haveExclude = excludeE.size > 0 || excludeD.size > 0 || excludeG.length > 0;
  if (!haveInclude && !haveExclude) return () => true;
  if (haveInclude && !haveExclude) return (id, domain) => includeE.has(id) || includeD.has(domain) || matches(includeG, id);
  if (!haveInclude && haveExclude) return (id, domain) => !(excludeE.has(id) || excludeD.has(domain) || matches(excludeG, id));
  if (includeD.size > 0 || includeG.length > 0) {
    return (id, domain) => includeE.has(id) || (!excludeE.has(id) && (matches(includeG, id) || (includeD.has(domain) && !matches(excludeG, id))));
  }
  if (excludeD.size > 0 || excludeG.length > 0) {
    return (id, domain) => includeE.has(id) || (!excludeE.has(id) && !(excludeD.has(domain) || matches(excludeG, id)));
  }
  return (id) => includeE.has(id);
}

const cache = new WeakMap<Config, Exposure>();

/** The exposure rules of this configuration (preset + filter), built once per configuration object. */
export function exposureFor(config: Config): Exposure {
  const cached = cache.get(config);
  if (cached !== undefined) return cached;
  const { lists, overrides } = parseFilter(config.alexaFilter);
  const filter = buildEntityFilter(lists);
  const preset = config.featurePreset;
  const events = eventsEnabled(config);
  const exposure: Exposure = {
    allows: (entityId, domain) => presetAllows(preset, domain, events) && !NEVER_EXPOSED.has(entityId) && filter(entityId, domain),
    overrides: (entityId) => overrides.get(entityId),
  };
  cache.set(config, exposure);
  return exposure;
}
