/**
 * Redaction by construction: every log line passes through {@link redactValue} (keys that hold
 * credentials are masked wherever they appear) and then through {@link SecretRegistry.scrub} (any
 * known secret value is cut out of the serialized line, wherever it ended up).
 */

/**
 * Keys whose values are always masked: `endpoint.scope.token`, `payload.scope.token`,
 * `payload.grantee.token`, `payload.grant.code`, `session.user.accessToken`,
 * `context.System.user.accessToken`, `context.System.apiAccessToken`, `Authorization` headers,
 * and the security-panel PIN (`payload.authorization.value`).
 */
const SECRET_KEY = /^(token|accesstoken|apiaccesstoken|code|authorization|password|secret|pin|bearer|refresh_?token|access_?token|ha_?token|home_?assistant_?token)$/i;

export const MASK = '[REDACTED]';
/** Shortest secret value scrubbed from text; shorter strings would mangle ordinary words. */
const MIN_SCRUB_LENGTH = 6;

export class SecretRegistry {
  readonly #values = new Set<string>();

  add(value: string | undefined): void {
    if (value !== undefined && value.length >= MIN_SCRUB_LENGTH) this.#values.add(value);
  }

  /** Adds every string found under a secret key of `event` (tokens, codes) without logging it. */
  collectFrom(event: unknown, depth = 0): void {
    if (depth > 8 || typeof event !== 'object' || event === null) return;
    for (const [key, value] of Object.entries(event)) {
      if (SECRET_KEY.test(key) && typeof value === 'string') this.add(value);
      else this.collectFrom(value, depth + 1);
    }
  }

  scrub(text: string): string {
    let result = text;
    for (const value of this.#values) {
      if (result.includes(value)) result = result.split(value).join(MASK);
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value && result.includes(escaped)) result = result.split(escaped).join(MASK);
    }
    return result;
  }
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** A copy of `value` with every secret key masked. Depth and size are bounded. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 10) return '[depth]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = isSecretKey(key) && item !== undefined && item !== null && item !== '' ? MASK : redactValue(item, depth + 1);
    }
    return copy;
  }
  if (typeof value === 'string' && value.length > 2000) return `${value.slice(0, 2000)}…`;
  return value;
}
