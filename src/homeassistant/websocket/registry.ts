/**
 * What the Voice assistants → Expose page knows, read in one WebSocket session: the entity registry,
 * the expose flags of entities without a registry entry, the "expose new entities" preference of
 * Assist, and (on request) the aliases of chosen entities. Four commands, three of them pipelined.
 * @see https://developers.home-assistant.io/docs/api/websocket/
 * @see https://github.com/home-assistant/core/blob/dev/homeassistant/components/homeassistant/exposed_entities.py
 * @see https://github.com/home-assistant/core/blob/dev/homeassistant/components/config/entity_registry.py
 */
import { openHaSession, HaWebSocketError, type HaSessionOptions } from './session.js';

/** The fields of one `config/entity_registry/list` entry (`RegistryEntry.as_partial_dict`) the bridge reads. */
export interface RegistryEntry {
  readonly entity_id: string;
  readonly labels: readonly string[];
  /** Per assistant, e.g. `{"conversation": {"should_expose": true}}`. */
  readonly options: Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;
  readonly hidden_by: string | null;
  readonly disabled_by: string | null;
  readonly entity_category: string | null;
}

export interface RegistryRead {
  readonly entries: readonly RegistryEntry[];
  /** `homeassistant/expose_entity/list`: entity_id → assistant → stored flag (legacy entities included). */
  readonly exposed: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** `homeassistant/expose_new_entities/get {"assistant":"conversation"}`. */
  readonly exposeNew: boolean;
  /** entity_id → its first alias, for the entities {@link ReadRegistryOptions.aliasesFor} chose. */
  readonly aliases: ReadonlyMap<string, string>;
}

export interface ReadRegistryOptions extends HaSessionOptions {
  /** Picks the entities whose aliases to read (one more command); undefined: none. */
  readonly aliasesFor?: (read: Omit<RegistryRead, 'aliases'>) => readonly string[];
}

/** The assistant whose Expose column the bridge follows: Assist (HA shows an Alexa column only to HA Cloud users). */
export const ASSISTANT = 'conversation';

/**
 * Opens a session, reads, closes. The close handshake (a round trip to Home Assistant) is not waited
 * for: the answer goes on while it completes, and the invocation's deadline, disposed when the
 * invocation answers, destroys a socket still closing, so none outlives its invocation.
 */
export async function readRegistry(options: ReadRegistryOptions): Promise<RegistryRead> {
  const session = await openHaSession(options);
  try {
    const [list, exposedList, exposeNew] = await Promise.all([
      session.command<unknown>('config/entity_registry/list'),
      session.command<unknown>('homeassistant/expose_entity/list'),
      session.command<unknown>('homeassistant/expose_new_entities/get', { assistant: ASSISTANT }),
    ]);
    const read = { entries: parseEntries(list), exposed: parseExposed(exposedList), exposeNew: parseExposeNew(exposeNew) };
    const wanted = options.aliasesFor?.(read) ?? [];
    const aliases = wanted.length === 0 ? new Map<string, string>() : parseAliases(await session.command<unknown>('config/entity_registry/get_entries', { entity_ids: wanted }));
    return { ...read, aliases };
  } finally {
    void session.close();
  }
}

function malformed(command: string, what: string): HaWebSocketError {
  return new HaWebSocketError(`${command}: unexpected answer from Home Assistant: ${what}`, 'protocol');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function parseEntries(result: unknown): RegistryEntry[] {
  if (!Array.isArray(result)) throw malformed('config/entity_registry/list', 'expected a list of entries');
  const entries: RegistryEntry[] = [];
  for (const item of result) {
    if (!isObject(item) || typeof item.entity_id !== 'string') continue;
    entries.push({
      entity_id: item.entity_id,
      labels: Array.isArray(item.labels) ? item.labels.filter((label): label is string => typeof label === 'string') : [],
      options: isObject(item.options) ? (item.options as RegistryEntry['options']) : {},
      hidden_by: textOrNull(item.hidden_by),
      disabled_by: textOrNull(item.disabled_by),
      entity_category: textOrNull(item.entity_category),
    });
  }
  return entries;
}

function parseExposed(result: unknown): Map<string, Readonly<Record<string, unknown>>> {
  const exposed = isObject(result) ? result.exposed_entities : undefined;
  if (!isObject(exposed)) throw malformed('homeassistant/expose_entity/list', 'expected {"exposed_entities": {…}}');
  const map = new Map<string, Readonly<Record<string, unknown>>>();
  for (const [entityId, flags] of Object.entries(exposed)) if (isObject(flags)) map.set(entityId, flags);
  return map;
}

function parseExposeNew(result: unknown): boolean {
  if (!isObject(result) || typeof result.expose_new !== 'boolean') throw malformed('homeassistant/expose_new_entities/get', 'expected {"expose_new": true|false}');
  return result.expose_new;
}

/** `get_entries` answers entity_id → extended entry (or null); the first non-empty alias of each. */
function parseAliases(result: unknown): Map<string, string> {
  if (!isObject(result)) throw malformed('config/entity_registry/get_entries', 'expected an object keyed by entity_id');
  const aliases = new Map<string, string>();
  for (const [entityId, entry] of Object.entries(result)) {
    if (!isObject(entry) || !Array.isArray(entry.aliases)) continue;
    const first = entry.aliases.find((alias): alias is string => typeof alias === 'string' && alias.trim() !== '');
    if (first !== undefined) aliases.set(entityId, first.trim());
  }
  return aliases;
}
