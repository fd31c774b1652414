/**
 * Redaction by construction: every log line passes through {@link redactValue} (keys that hold
 * credentials are masked wherever they appear) and then through {@link SecretRegistry.scrub} (any
 * known secret value is cut out of the serialized line, wherever it ended up). Text is always
 * scrubbed before it is shortened: a cut through the middle of a token would leave most of it
 * behind, in a form no later scrub recognises.
 */
import { encodedForms, foldText, holdsFolded, maskFolded, mayFold } from './secret-forms.js';

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

/**
 * Credentials recognisable by their shape, masked even when nobody registered them: `Bearer …` (an
 * `Authorization` header a proxy or Home Assistant echoed into a body), JWTs (Home Assistant's access
 * tokens are JWTs, `eyJ…` being base64 of `{"`), the `user:password@` of a URL, and Login with Amazon's
 * access and refresh tokens (`Atza|…`, `Atzr|…`), which the events code holds.
 */
const SHAPES: readonly (readonly [hint: (text: string) => boolean, pattern: RegExp, replacement: string])[] = [
  // Six characters at least, so that "the bearer of …" stays readable.
  [(text) => /bearer/i.test(text), /\b(Bearer)(?:\s+|%20|\+)[A-Za-z0-9\-._~+/]{6,}=*/gi, `$1 ${MASK}`],
  [(text) => text.includes('eyJ'), /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}(?:\.[A-Za-z0-9_-]*){0,2}/g, MASK],
  [(text) => text.includes('@') && text.includes('://'), /(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, `$1${MASK}@`],
  // https://developer.amazon.com/docs/login-with-amazon/access-token.html: "Atza|…" (access), "Atzr|…" (refresh); "|" may be %7C-encoded.
  [(text) => text.includes('Atz'), /Atz[ar](?:\||%7C)[A-Za-z0-9\-._~+/=|%]{6,}/gi, MASK],
];

/**
 * Masks the credentials {@link SHAPES} recognises. Each pattern runs only where its cheap hint is
 * found: every answer passes through here, and a 300-endpoint discovery holds none of them.
 */
export function scrubShapes(text: string): string {
  let result = text;
  for (const [hint, pattern, replacement] of SHAPES) if (hint(result)) result = result.replace(pattern, replacement);
  return result;
}

const BEARER_HINT = /bearer/i;

/**
 * True when {@link scrubShapes} would change `text`. The three hints are written out rather than
 * called through {@link SHAPES}: this runs for every string of every answer, and a call through an
 * array of closures is not inlined.
 */
function holdsShape(text: string): boolean {
  if (!text.includes('eyJ') && !(text.includes('@') && text.includes('://')) && !BEARER_HINT.test(text) && !text.includes('Atz')) return false;
  return scrubShapes(text) !== text;
}

export class SecretRegistry {
  readonly #values = new Set<string>();
  /**
   * The values' other forms (JSON-escaped, base64 at each offset), computed once when a value is
   * registered: scrub and holds run per string.
   */
  readonly #encoded = new Set<string>();
  /**
   * The values, then their other forms, as one array: {@link holds} runs for every string of every
   * answer (about 20,000 in a 300-endpoint discovery), where a loop over an array beats an iterator.
   */
  #needles: readonly string[] = [];
  /** {@link #needles} folded (see {@link foldText}), for texts with a line break, an escape or a `%`. */
  #folded: readonly string[] = [];
  /** Length of the shortest folded needle: a shorter text cannot hold one in any form. */
  #shortest = Number.POSITIVE_INFINITY;
  /** Length of the shortest needle: most strings of an answer (ids, names, property names) are shorter. */
  #shortestNeedle = Number.POSITIVE_INFINITY;

  constructor(values: readonly (string | undefined)[] = []) {
    for (const value of values) this.add(value);
  }

  add(value: string | undefined): void {
    if (value === undefined || value.length < MIN_SCRUB_LENGTH || this.#values.has(value)) return;
    this.#values.add(value);
    for (const form of encodedForms(value)) if (form.length >= MIN_SCRUB_LENGTH && !this.#values.has(form)) this.#encoded.add(form);
    // Raw values are masked before their other forms, as before the array existed.
    this.#needles = [...this.#values, ...this.#encoded];
    this.#folded = [...new Set(this.#needles.map((needle) => foldText(needle).text))].filter((needle) => needle.length >= MIN_SCRUB_LENGTH);
    this.#shortest = Math.min(...this.#folded.map((needle) => needle.length));
    this.#shortestNeedle = Math.min(...this.#needles.map((needle) => needle.length));
  }

  /** Adds every string found under a secret key of `event` (tokens, codes) without logging it. */
  collectFrom(event: unknown, depth = 0): void {
    if (depth > 8 || typeof event !== 'object' || event === null) return;
    for (const [key, value] of Object.entries(event)) {
      if (SECRET_KEY.test(key) && typeof value === 'string') this.add(value);
      else this.collectFrom(value, depth + 1);
    }
  }

  /** True when {@link scrub} would change `text`, without building the scrubbed copy. */
  holds(text: string): boolean {
    if (text.length < MIN_SCRUB_LENGTH) return false;
    if (text.length >= this.#shortestNeedle) {
      const needles = this.#needles;
      for (let i = 0; i < needles.length; i += 1) if (text.includes(needles[i]!)) return true;
      if (this.#mayHoldFolded(text) && holdsFolded(text, this.#folded)) return true;
    }
    return holdsShape(text);
  }

  /**
   * `text` with every registered value masked: raw, JSON-escaped or base64-encoded, and also when
   * the text wraps it over lines or percent-encodes it; then every credential-shaped string.
   */
  scrub(text: string): string {
    // Shorter than the shortest secret and than any credential shape: nothing to mask.
    if (text.length < MIN_SCRUB_LENGTH) return text;
    let result = text;
    for (const needle of this.#needles) if (result.includes(needle)) result = result.split(needle).join(MASK);
    if (this.#mayHoldFolded(result)) result = maskFolded(result, this.#folded, MASK);
    return scrubShapes(result);
  }

  /** Only a text long enough, and with a line break, an escape or a `%` in it, is folded: most are not. */
  #mayHoldFolded(text: string): boolean {
    return text.length >= this.#shortest && mayFold(text);
  }
}

/** Scrubs `text` with `secrets`, then makes it one line of at most `max` characters: never the other way round. */
export function scrubAndCut(text: string, max: number, secrets: SecretRegistry = new SecretRegistry()): string {
  return secrets.scrub(text).replace(/\s+/g, ' ').trim().slice(0, max);
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * {@link redactValue} of the fields of `parts` merged into one object (later parts win), without
 * building the merged object first: the logger's base fields and a line's own fields, on every line.
 */
export function redactFields(parts: readonly Readonly<Record<string, unknown>>[], secrets?: SecretRegistry): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const part of parts) {
    for (const key in part) {
      if (!Object.hasOwn(part, key)) continue;
      const item = part[key];
      copy[key] = isSecretKey(key) && item !== undefined && item !== null && item !== '' ? MASK : redactValue(item, secrets, 1);
    }
  }
  return copy;
}

/**
 * A copy of `value` with every secret key masked and every string scrubbed by `secrets` (before long
 * strings are shortened). Depth and size are bounded.
 */
export function redactValue(value: unknown, secrets?: SecretRegistry, depth = 0): unknown {
  if (depth > 10) return '[depth]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactValue(item, secrets, depth + 1));
  if (value instanceof Error) return redactValue({ name: value.name, message: value.message }, secrets, depth + 1);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = isSecretKey(key) && item !== undefined && item !== null && item !== '' ? MASK : redactValue(item, secrets, depth + 1);
    }
    return copy;
  }
  if (typeof value === 'string') {
    const clean = secrets === undefined ? scrubShapes(value) : secrets.scrub(value);
    return clean.length > 2000 ? `${clean.slice(0, 2000)}…` : clean;
  }
  return value;
}
