/**
 * Strict booleans, as the Lambda reads them: true/false/1/0/yes/no in any case, nothing else.
 * (The old Python bridges used `bool(value)`, so `NOT_VERIFY_SSL=False` turned verification off.)
 */

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

export const BOOLEAN_HINT = 'must be true or false (also accepted: yes/no, 1/0)';

/** `true`, `'Yes'`, `1` → true; `false`, `'no'`, `0` → false; anything else → undefined. */
export function parseBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const word = String(value).trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}
