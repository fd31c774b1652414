import { createHash } from 'node:crypto';
import type { HaConfig, HaState } from './types.js';

interface Entry<T> {
  readonly value: T;
  readonly expiresAt: number;
}

interface Slot {
  states?: Entry<readonly HaState[]>;
  config?: Entry<HaConfig>;
}

const slots = new Map<string, Slot>();

/** Cache key: base URL plus a token fingerprint (non-admin tokens see fewer entities); never the token. */
export function cacheKey(baseUrl: string, token: string): string {
  return `${baseUrl}|${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}

function slot(key: string): Slot {
  let found = slots.get(key);
  if (found === undefined) {
    found = {};
    slots.set(key, found);
  }
  return found;
}

export function getCachedStates(key: string, now: number): readonly HaState[] | undefined {
  const entry = slots.get(key)?.states;
  return entry !== undefined && now < entry.expiresAt ? entry.value : undefined;
}

export function setCachedStates(key: string, value: readonly HaState[], ttlMs: number, now: number): void {
  if (ttlMs > 0) slot(key).states = { value, expiresAt: now + ttlMs };
}

export function getCachedConfig(key: string, now: number): HaConfig | undefined {
  const entry = slots.get(key)?.config;
  return entry !== undefined && now < entry.expiresAt ? entry.value : undefined;
}

export function setCachedConfig(key: string, value: HaConfig, ttlMs: number, now: number): void {
  if (ttlMs > 0) slot(key).config = { value, expiresAt: now + ttlMs };
}

/** A command targets an entity: the cached state list holding it is stale, for every token. */
export function invalidateEntity(baseUrl: string, entityId: string): void {
  for (const [key, value] of slots) {
    if (key.startsWith(`${baseUrl}|`) && value.states?.value.some((state) => state.entity_id === entityId)) {
      delete value.states;
    }
  }
}

export function clearHaCache(): void {
  slots.clear();
}
