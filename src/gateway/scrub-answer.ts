import type { SecretRegistry } from '../logging/redact.js';

/**
 * Fields Alexa needs back exactly as the directive sent them: the correlation token and the
 * endpoint's scope (whose token is, by design, the directive's own).
 */
const ECHOED: ReadonlySet<string> = new Set(['event.header.correlationToken', 'event.endpoint.scope']);

/**
 * The answer with every string passed through the invocation's secret registry, the same one the
 * log lines go through: error messages, diagnostics `problems` and spoken replies can quote what Home
 * Assistant or a proxy said, and that can include the token. An answer without any secret is
 * returned as it is.
 */
export function scrubAnswer(answer: unknown, secrets: SecretRegistry): unknown {
  const text = JSON.stringify(answer);
  if (text === undefined || secrets.scrub(text) === text) return answer;
  return scrubValue(answer, secrets, '', 0);
}

function scrubValue(value: unknown, secrets: SecretRegistry, path: string, depth: number): unknown {
  if (typeof value === 'string') return secrets.scrub(value);
  if (typeof value !== 'object' || value === null || depth > 64 || ECHOED.has(path)) return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, `${path}[]`, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = scrubValue(item, secrets, path === '' ? key : `${path}.${key}`, depth + 1);
  return copy;
}
