/**
 * What an answer must fit to leave the Lambda at all: the runtime serializes it with
 * `JSON.stringify`, which throws past a few thousand levels of nesting, and a synchronous invocation's
 * response may not exceed 6 MB. An answer the function did not build itself (a proxied one) is
 * checked against both before it is returned.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
import { Buffer } from 'node:buffer';
import { MAX_ANSWER_DEPTH } from './scrub-answer.js';

/**
 * Largest serialized answer, in bytes: under Lambda's synchronous response limit of 6 MB whichever
 * way it is read (6,291,456 bytes is what the runtime enforces), with room for its own framing.
 */
export const MAX_ANSWER_BYTES = 6_000_000;

/** True when `value` nests objects or arrays more than `max` levels deep; never walks further than that. */
export function nestedDeeperThan(value: unknown, max: number, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (depth >= max) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (nestedDeeperThan(value[i], max, depth + 1)) return true;
    return false;
  }
  const object = value as Record<string, unknown>;
  for (const key in object) if (Object.hasOwn(object, key) && nestedDeeperThan(object[key], max, depth + 1)) return true;
  return false;
}

/** Why `value` cannot be serialized as the Lambda's answer (nested deeper than {@link MAX_ANSWER_DEPTH}), or undefined. */
export function tooDeep(value: unknown): string | undefined {
  return nestedDeeperThan(value, MAX_ANSWER_DEPTH) ? `it is nested more than ${MAX_ANSWER_DEPTH} levels deep` : undefined;
}

/**
 * Why `value`, serialized, exceeds {@link MAX_ANSWER_BYTES}, or undefined. Only for a value
 * {@link tooDeep} accepted: serializing an answer nested 200,000 levels deep throws.
 */
export function tooLarge(value: unknown): string | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  return bytes > MAX_ANSWER_BYTES ? `it is ${bytes} bytes, more than the ${MAX_ANSWER_BYTES} a Lambda answer may hold` : undefined;
}
