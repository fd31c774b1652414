/**
 * The body Home Assistant's `rest_command` sends: `{"v":1,"kind":"state"|"registry"|"start",
 * "entity_id"?,"by_user"?,"by_rule"?}`. Anything else is refused; nothing in it is trusted beyond
 * naming what to look at.
 */
export type PokeKind = 'state' | 'registry' | 'start';

export interface Poke {
  readonly kind: PokeKind;
  readonly entityId: string | undefined;
  readonly byUser: boolean;
  readonly byRule: boolean;
}

const KINDS: readonly string[] = ['state', 'registry', 'start'];
const KEYS: ReadonlySet<string> = new Set(['v', 'kind', 'entity_id', 'by_user', 'by_rule']);
const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]{1,255}$/;

/** Home Assistant renders template booleans as booleans; `"True"`/`"False"` strings are accepted too. */
function flag(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/** The poke in `text`, or the reason it is refused (one sentence, safe to answer). */
export function parsePoke(text: string): Poke | string {
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body must be a JSON object';
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) return `unknown field(s): ${unknown.slice(0, 5).map((key) => key.replace(/[^\w]/g, '').slice(0, 30)).join(', ')}`;
  if (fields.v !== 1) return '"v" must be 1';
  if (typeof fields.kind !== 'string' || !KINDS.includes(fields.kind)) return '"kind" must be "state", "registry" or "start"';
  const kind = fields.kind as PokeKind;
  const byUser = flag(fields.by_user);
  const byRule = flag(fields.by_rule);
  if (byUser === undefined || byRule === undefined) return '"by_user" and "by_rule" must be true or false';
  const raw = fields.entity_id;
  if (raw !== undefined && raw !== null && typeof raw !== 'string') return '"entity_id" must be a string';
  const entityId = typeof raw === 'string' && raw !== '' ? raw : undefined;
  if (kind === 'state' && (entityId === undefined || !ENTITY_ID.test(entityId))) return 'a "state" poke needs "entity_id" such as "light.kitchen"';
  return { kind, entityId, byUser, byRule };
}
