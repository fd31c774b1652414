/**
 * The exposure a request runs with. `HA_EXPOSURE=filter`: the preset and `HA_ALEXA_FILTER`, nothing
 * read. `assist` / `label`: Home Assistant's registry, read over the WebSocket API — afresh on every
 * Discover, and for directives (and event pokes) from a per-container snapshot refreshed when older than
 * {@link SNAPSHOT_MAX_AGE_MS}. A failed read never falls back to "expose everything": Discover answers
 * `BRIDGE_UNREACHABLE` naming the cause; a directive uses a snapshot up to {@link STALE_LIMIT_MS} old.
 */
import type { Config } from '../../../config/index.js';
import type { HomeAssistantClient, RegistryRead } from '../../../homeassistant/index.js';
import { AlexaBridgeUnreachableError } from '../errors.js';
import { exposureFor, type Exposure } from './exposure.js';
import { aliasCandidates, buildRegistryRule, withRegistry } from './exposure-registry.js';

/** Age after which a directive reads the registry again (Discover always does). */
export const SNAPSHOT_MAX_AGE_MS = 60_000;
/** Oldest snapshot a directive may still use when Home Assistant's WebSocket API fails. */
export const STALE_LIMIT_MS = 24 * 60 * 60 * 1000;

interface Snapshot {
  readonly read: RegistryRead;
  readonly at: number;
  readonly config: Config;
  readonly exposure: Exposure;
}

const snapshots = new Map<string, Snapshot>();

/** Forgets every snapshot (tests). */
export function clearExposureSnapshots(): void {
  snapshots.clear();
}

export interface ExposureOptions {
  /** Read the registry even when the snapshot is recent (Discover). */
  readonly fresh: boolean;
  readonly now?: () => number;
}

/** The exposure for this request; reads Home Assistant's registry only with `HA_EXPOSURE=assist|label`. */
export async function loadExposure(config: Config, ha: HomeAssistantClient, options: ExposureOptions): Promise<Exposure> {
  if (config.exposureSource === 'filter') return exposureFor(config);
  const now = options.now ?? Date.now;
  const key = `${ha.cacheIdentity()}|${config.exposureSource}|${config.alexaNames}|${config.exposureLabels.join(',')}`;
  const cached = snapshots.get(key);
  if (!options.fresh && cached !== undefined && now() - cached.at <= SNAPSHOT_MAX_AGE_MS) return exposureOf(cached, config);
  let read: RegistryRead;
  try {
    read = await ha.readRegistry(config.alexaNames === 'alias' ? (partial) => aliasCandidates(partial, config) : undefined);
  } catch (error) {
    if (!options.fresh && cached !== undefined && now() - cached.at <= STALE_LIMIT_MS) return exposureOf(cached, config);
    const cause = error instanceof Error ? error.message : String(error);
    throw new AlexaBridgeUnreachableError(`Could not read Home Assistant's exposure settings (HA_EXPOSURE=${config.exposureSource}) over the WebSocket API: ${cause}`, { cause: error });
  }
  const snapshot: Snapshot = { read, at: now(), config, exposure: build(read, config) };
  if (snapshots.size >= 8) snapshots.clear();
  snapshots.set(key, snapshot);
  return snapshot.exposure;
}

/** A snapshot's exposure, rebuilt only when the configuration object changed (a Parameter Store refresh). */
function exposureOf(snapshot: Snapshot, config: Config): Exposure {
  return snapshot.config === config ? snapshot.exposure : build(snapshot.read, config);
}

function build(read: RegistryRead, config: Config): Exposure {
  return withRegistry(exposureFor(config), buildRegistryRule(read, config), read.aliases);
}
