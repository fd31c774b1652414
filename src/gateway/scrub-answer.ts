import { MASK, type SecretRegistry } from '../logging/redact.js';

/** What scrubbing an answer needs of the secret registry (the logger offers the same two). */
export type Scrubber = Pick<SecretRegistry, 'holds' | 'scrub'>;

/**
 * Deepest nesting an answer is walked to. Alexa's own messages are about ten levels deep; anything
 * below this level is not vouched for, and is replaced by the mask (the walk fails closed).
 */
export const MAX_ANSWER_DEPTH = 64;

/** What the directive sent that Alexa needs back exactly: its correlation token and its scope's bearer token. */
export interface Echoes {
  readonly correlationToken?: string;
  readonly scopeToken?: string;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The values of `event` (a Smart Home directive, or anything) that its answer may echo untouched. */
export function echoesOf(event: unknown): Echoes {
  const directive = record(record(event)?.directive);
  const correlationToken = text(record(directive?.header)?.correlationToken);
  const scopeToken = text(record(record(directive?.endpoint)?.scope)?.token);
  return { ...(correlationToken === undefined ? {} : { correlationToken }), ...(scopeToken === undefined ? {} : { scopeToken }) };
}

/**
 * The answer with every string passed through the invocation's secret registry, the same one the
 * log lines go through: error messages, diagnostics `problems` and spoken replies can quote what Home
 * Assistant or a proxy said, and that can include the token. Alexa needs two fields back exactly as
 * the directive sent them, and only those are left alone: `event.header.correlationToken` and
 * `event.endpoint.scope.token` when each equals what the directive sent (the scope's token is, by
 * design, the directive's own). Anything else there, a stored token put in the scope included, is
 * scrubbed like the rest. Parts nested deeper than {@link MAX_ANSWER_DEPTH} become the mask. An
 * answer without any secret is returned as it is, uncopied: every answer of every invocation passes
 * here, a 300-endpoint discovery among them.
 */
export function scrubAnswer(answer: unknown, secrets: Scrubber, echoes: Echoes = {}): unknown {
  const registry = registryOf(secrets);
  if (typeof answer === 'object' && answer !== null && scrubbedWith.get(answer) === registry) return answer;
  const kept = keptParts(answer, echoes);
  const result = holdsSecret(answer, secrets, kept, 0) ? scrubValue(answer, secrets, kept, 0) : answer;
  if (typeof result === 'object' && result !== null) scrubbedWith.set(result, registry);
  return result;
}

/**
 * Each answer {@link scrubAnswer} returned, with the registry it went through: the same answer
 * through the same registry is not walked again. A proxied Smart Home answer is scrubbed by proxy.ts
 * (before its size is measured) and would be walked a second time as it leaves the gateway. Sound
 * because an invocation's registry gains its secrets before a handler answers (the event's, the
 * settings', each client's token) and nothing changes a scrubbed answer afterwards; another
 * invocation has another registry, so its answers are walked in full.
 */
const scrubbedWith = new WeakMap<object, object>();

/** The registry behind `secrets`: a logger scrubs with its invocation's registry (`Logger.secrets`). */
function registryOf(secrets: Scrubber): object {
  const behind = (secrets as { readonly secrets?: unknown }).secrets;
  return typeof behind === 'object' && behind !== null ? behind : secrets;
}

/** The objects whose echoed field is left alone, when the field holds exactly what the directive sent. */
interface Kept {
  readonly header?: object;
  readonly scope?: object;
}

function keptParts(answer: unknown, echoes: Echoes): Kept {
  const event = record(record(answer)?.event);
  const header = record(event?.header);
  const scope = record(record(event?.endpoint)?.scope);
  const keepHeader = header !== undefined && echoes.correlationToken !== undefined && header.correlationToken === echoes.correlationToken;
  const keepScope = scope !== undefined && echoes.scopeToken !== undefined && scope.token === echoes.scopeToken;
  return { ...(keepHeader ? { header } : {}), ...(keepScope ? { scope } : {}) };
}

function isKept(value: object, key: string, kept: Kept): boolean {
  return (value === kept.header && key === 'correlationToken') || (value === kept.scope && key === 'token');
}

// Plain loops, no entries arrays: this walks every string of every answer, and allocates nothing.
function holdsSecret(value: unknown, secrets: Scrubber, kept: Kept, depth: number): boolean {
  if (typeof value === 'string') return secrets.holds(value);
  if (typeof value !== 'object' || value === null) return false;
  // Too deep to vouch for: the copy masks it.
  if (depth >= MAX_ANSWER_DEPTH) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (holdsSecret(value[i], secrets, kept, depth + 1)) return true;
    return false;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (!Object.hasOwn(object, key) || isKept(object, key, kept)) continue;
    if (holdsSecret(object[key], secrets, kept, depth + 1)) return true;
  }
  return false;
}

function scrubValue(value: unknown, secrets: Scrubber, kept: Kept, depth: number): unknown {
  if (typeof value === 'string') return secrets.scrub(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_ANSWER_DEPTH) return MASK;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, kept, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isKept(value, key, kept) ? item : scrubValue(item, secrets, kept, depth + 1);
  }
  return copy;
}
