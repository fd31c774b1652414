import type { RequestKind } from './context.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Diagnostics events: `{"diagnostics":"health"}` (no Home Assistant call), `{"diagnostics":"ping"}` and
 * `{"diagnostics":"doctor"}` (every check of the setup, see `src/doctor/`).
 */
export const DIAGNOSTICS = ['health', 'ping', 'doctor'] as const;
export type DiagnosticsCheck = (typeof DIAGNOSTICS)[number];

/**
 * Classifies an event by shape only:
 * - `{directive: {...}}` → Smart Home (v3); a malformed directive still goes there, to get `INVALID_DIRECTIVE`;
 * - `{version: "1.0", request: {type}}` → Custom skill;
 * - `{diagnostics: "health" | "ping"}` → diagnostics;
 * - any other Custom skill envelope (a `request`, or a `version` beside `session` or `context`) →
 *   Custom skill too, so that a bad `version` or `request` gets a spoken error Alexa can say;
 * - anything else → unknown.
 */
export function classifyEvent(event: unknown): RequestKind {
  if (!isObject(event)) return 'unknown';
  if ('directive' in event) return 'smart-home';
  if (event.version === '1.0' && isObject(event.request) && typeof event.request.type === 'string') return 'custom-skill';
  if (typeof event.diagnostics === 'string') return 'diagnostics';
  if ('request' in event || ('version' in event && ('session' in event || 'context' in event))) return 'custom-skill';
  return 'unknown';
}

/** A description of an unrecognised event that is safe to log: its type and top-level keys, never values. */
export function describeShape(event: unknown): string {
  if (event === null) return 'null';
  if (Array.isArray(event)) return `an array of ${event.length}`;
  if (!isObject(event)) return `a ${typeof event}`;
  const keys = Object.keys(event).slice(0, 10).map((key) => key.replace(/[^\w.-]/g, '').slice(0, 40));
  return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
}
