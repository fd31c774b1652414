import type { SecretRegistry } from '../logging/redact.js';

/**
 * The answer with every string passed through the invocation's secret registry, the same one the
 * log lines go through: error messages, diagnostics `problems` and spoken replies can quote what Home
 * Assistant or a proxy said, and that can include the token. Alexa needs two fields back exactly as
 * the directive sent them, and they are left alone: `event.header.correlationToken` and
 * `event.endpoint.scope` (whose token is, by design, the directive's own). An answer without any
 * secret is returned as it is, uncopied: every answer of every invocation passes here, a
 * 300-endpoint discovery among them.
 */
export function scrubAnswer(answer: unknown, secrets: SecretRegistry): unknown {
  const echoed = echoedParts(answer);
  return holdsSecret(answer, secrets, echoed, 0) ? scrubValue(answer, secrets, echoed, 0) : answer;
}

interface Echoed {
  readonly header?: object;
  readonly scope?: object;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function echoedParts(answer: unknown): Echoed {
  const event = record(record(answer)?.event);
  const header = record(event?.header);
  const scope = record(record(event?.endpoint)?.scope);
  return { ...(header ? { header } : {}), ...(scope ? { scope } : {}) };
}

// Plain loops, no entries arrays: this walks every string of every answer, and allocates nothing.
function holdsSecret(value: unknown, secrets: SecretRegistry, echoed: Echoed, depth: number): boolean {
  if (typeof value === 'string') return secrets.holds(value);
  if (typeof value !== 'object' || value === null || depth > 64 || value === echoed.scope) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (holdsSecret(value[i], secrets, echoed, depth + 1)) return true;
    return false;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) {
    if (!Object.hasOwn(object, key) || (value === echoed.header && key === 'correlationToken')) continue;
    if (holdsSecret(object[key], secrets, echoed, depth + 1)) return true;
  }
  return false;
}

function scrubValue(value: unknown, secrets: SecretRegistry, echoed: Echoed, depth: number): unknown {
  if (typeof value === 'string') return secrets.scrub(value);
  if (typeof value !== 'object' || value === null || depth > 64 || value === echoed.scope) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, echoed, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = value === echoed.header && key === 'correlationToken' ? item : scrubValue(item, secrets, echoed, depth + 1);
  }
  return copy;
}
