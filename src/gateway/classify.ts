import type { RequestKind } from './context.js';
import { REQUEST_KINDS } from './kinds/index.js';
import { isObject } from './kinds/kind.js';

/**
 * The name of the event's request kind (see `kinds/index.ts`, asked in order), or `unknown`:
 * - `{directive: {...}}` → Smart Home (v3); a malformed directive still goes there, to get `INVALID_DIRECTIVE`;
 * - `{version: "1.0", request: {type}}` → Custom skill;
 * - `{diagnostics: "health" | "ping" | "doctor" | …}` → diagnostics;
 * - any other Custom skill envelope (a `request`, or a `version` beside `session` or `context`) →
 *   Custom skill too, so that a bad `version` or `request` gets a spoken error Alexa can say;
 * - anything else → unknown.
 */
export function classifyEvent(event: unknown): RequestKind {
  return REQUEST_KINDS.kindOf(event)?.name ?? 'unknown';
}

/** A description of an unrecognised event that is safe to log: its type and top-level keys, never values. */
export function describeShape(event: unknown): string {
  if (event === null) return 'null';
  if (Array.isArray(event)) return `an array of ${event.length}`;
  if (!isObject(event)) return `a ${typeof event}`;
  const keys = Object.keys(event).slice(0, 10).map((key) => key.replace(/[^\w.-]/g, '').slice(0, 40));
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}
