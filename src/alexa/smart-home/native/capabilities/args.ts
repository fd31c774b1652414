/**
 * Small helpers every handler uses to read the directive's payload the way Home Assistant does
 * (`int(...)` truncates, numeric strings are accepted) and to find its own capability instance.
 */
import { AlexaInvalidDirectiveError, AlexaInvalidValueError } from '../../errors.js';
import type { DirectiveContext } from './types.js';

/** Python's `float(x)` for a payload field: numbers and numeric strings; anything else is `INVALID_DIRECTIVE`. */
export function payloadNumber(source: Readonly<Record<string, unknown>>, field: string): number {
  const value = source[field];
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) throw new AlexaInvalidDirectiveError(`payload.${field} must be a number`);
  return number;
}

/** Python's `int(x)`: truncates toward zero. */
export function payloadInt(source: Readonly<Record<string, unknown>>, field: string): number {
  return Math.trunc(payloadNumber(source, field));
}

/** A nested payload object, or `INVALID_DIRECTIVE`. */
export function payloadObject(source: Readonly<Record<string, unknown>>, field: string): Readonly<Record<string, unknown>> {
  const value = source[field];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new AlexaInvalidDirectiveError(`payload.${field} must be an object`);
  return value as Record<string, unknown>;
}

/** A payload string, or `INVALID_DIRECTIVE`. */
export function payloadString(source: Readonly<Record<string, unknown>>, field: string): string {
  const value = source[field];
  if (typeof value !== 'string') throw new AlexaInvalidDirectiveError(`payload.${field} must be a string`);
  return value;
}

/** A numeric attribute, or undefined when missing or not a number. */
export function numberAttribute(attributes: Readonly<Record<string, unknown>>, name: string): number | undefined {
  const value = attributes[name];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A list-of-strings attribute (e.g. `preset_modes`), empty when missing. */
export function stringListAttribute(attributes: Readonly<Record<string, unknown>>, name: string): readonly string[] {
  const value = attributes[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Clamps `value` into `[min, max]`. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** `INVALID_VALUE` with a message naming the entity. */
export function invalidValue(ctx: DirectiveContext, message: string): AlexaInvalidValueError {
  return new AlexaInvalidValueError(`${ctx.entity.entityId}: ${message}`);
}
