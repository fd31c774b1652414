/**
 * `Alexa.Discovery.Discover`: one `GET /api/states`, then every exposed, supported entity becomes an
 * endpoint. A broken entity is skipped and logged; past Alexa's limits, the tail of a stable order
 * is dropped and the count logged with examples.
 */
import type { Config } from '../../../config/index.js';
import type { HaConfig, HaState, HomeAssistantClient } from '../../../homeassistant/index.js';
import type { AppLogger } from '../../../logging/logger.js';
import type { Directive } from '../directive.js';
import { describeError } from '../errors.js';
import { buildResponse, type AlexaMessage } from '../response.js';
import type { EntityAdapter } from './capabilities/types.js';
import { buildEndpoint, serializeEndpoint } from './endpoint.js';
import { ADAPTERS_BY_DOMAIN } from './entities/index.js';
import { toEntityView } from './entity-view.js';
import { exposureFor, type Exposure } from './exposure.js';
import { loadExposure } from './exposure-snapshot.js';
import { fetchHaConfig, fetchStates } from './ha.js';
import { DROPPED_EXAMPLES, MAX_DISCOVERY_BYTES, MAX_ENDPOINTS } from './limits.js';
import { domainRank } from './presets.js';

export interface DiscoveryResult {
  readonly endpoints: Record<string, unknown>[];
  /** Entities skipped because building their endpoint failed. */
  readonly broken: number;
  /** Left out: exposed entities past the count limit (counted, not built) and endpoints past the size budget. */
  readonly dropped: number;
}

interface Candidate {
  readonly state: HaState;
  readonly adapter: EntityAdapter;
  readonly rank: number;
}

/**
 * The domains of the exposed entities whose adapter reads `/api/config` (so discovery fetches it once,
 * only then). `exposure` defaults to the preset and filter (`HA_EXPOSURE=filter`).
 */
export function needsHaConfig(states: readonly HaState[], config: Config, exposure: Exposure = exposureFor(config)): boolean {
  return states.some((state) => {
    const entityId: unknown = (state as Partial<HaState> | null)?.entity_id;
    if (typeof entityId !== 'string') return false;
    const domain = entityId.slice(0, entityId.indexOf('.'));
    return ADAPTERS_BY_DOMAIN.get(domain)?.needsHaConfig === true && exposure.allows(entityId, domain, attributesOf(state));
  });
}

/** A state's attributes when they are an object (a broken entity's may not be). */
function attributesOf(state: HaState): Readonly<Record<string, unknown>> | undefined {
  const attributes: unknown = (state as Partial<HaState> | null)?.attributes;
  return typeof attributes === 'object' && attributes !== null ? (attributes as Readonly<Record<string, unknown>>) : undefined;
}

/** Alexa's limits; tests pass smaller ones. */
export interface DiscoveryLimits {
  readonly maxEndpoints: number;
  readonly maxBytes: number;
}

const LIMITS: DiscoveryLimits = { maxEndpoints: MAX_ENDPOINTS, maxBytes: MAX_DISCOVERY_BYTES };

/**
 * Whether `json` takes more than `max` bytes in UTF-8, counted only when its length leaves a doubt: a
 * UTF-16 unit is 1 to 3 UTF-8 bytes. A 300-endpoint list (about 270,000 characters) is under the
 * 1 MB budget by its length alone, and counting it cost 1.3 ms on Node 20, which flattens the string
 * JSON.stringify built in pieces before it can count it.
 */
export function utf8LengthOver(json: string, max: number): boolean {
  if (json.length > max) return true;
  if (json.length * 3 <= max) return false;
  return Buffer.byteLength(json) > max;
}

/**
 * Builds the endpoint list from HA's states (pure apart from logging; the benchmark calls it directly).
 * `exposure` defaults to the preset and filter; with `HA_EXPOSURE=assist|label` pass {@link loadExposure}'s.
 */
export function buildDiscovery(
  states: readonly HaState[],
  config: Config,
  logger: AppLogger,
  haConfig?: HaConfig,
  limits: DiscoveryLimits = LIMITS,
  exposure: Exposure = exposureFor(config),
): DiscoveryResult {
  const env = haConfig === undefined ? {} : { haConfig };
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  let broken = 0;
  const skip = (entityId: unknown, reason: string): void => {
    broken += 1;
    logger.warn('Skipped an entity in discovery', { entity_id: typeof entityId === 'string' ? entityId.slice(0, 255) : String(entityId), reason });
  };
  for (const state of states) {
    const entityId: unknown = (state as Partial<HaState> | null)?.entity_id;
    if (typeof entityId !== 'string' || entityId.indexOf('.') <= 0) {
      skip(entityId, 'no valid entity_id');
      continue;
    }
    // Alexa refuses a response with two endpoints of the same ID; keep the first copy.
    if (seen.has(entityId)) {
      skip(entityId, 'listed twice by Home Assistant');
      continue;
    }
    seen.add(entityId);
    const domain = entityId.slice(0, entityId.indexOf('.'));
    const adapter = ADAPTERS_BY_DOMAIN.get(domain);
    if (adapter === undefined || !exposure.allows(entityId, domain, attributesOf(state))) continue;
    candidates.push({ state, adapter, rank: domainRank(domain) });
  }
  // entity_ids are unique here, so two candidates of the same rank never compare equal.
  candidates.sort((a, b) => a.rank - b.rank || (a.state.entity_id < b.state.entity_id ? -1 : 1));

  // Endpoints are serialized as they are built. Once Alexa's count limit is reached, the remaining
  // exposed entities are counted and named as examples, not built: in a 5,000-entity home, building
  // the other 4,700 only to count them took most of discovery's time, and its garbage and optimized
  // code about 5 MB of peak memory (Node 24). The count is of exposed entities of supported domains,
  // so it can include a few that would have yielded no endpoint; the fix it points to is the same.
  const endpoints: Record<string, unknown>[] = [];
  const keptIds: string[] = [];
  const overflow: string[] = [];
  let overCount = 0;
  for (const { state, adapter } of candidates) {
    if (endpoints.length >= limits.maxEndpoints) {
      overCount += 1;
      if (overflow.length < DROPPED_EXAMPLES) overflow.push(state.entity_id);
      continue;
    }
    try {
      const endpoint = buildEndpoint(toEntityView(state, exposure.overrides(state.entity_id)), adapter, config.alexaLocale, env);
      if (endpoint === undefined) continue;
      endpoints.push(serializeEndpoint(endpoint));
      keptIds.push(state.entity_id);
    } catch (error) {
      skip(state.entity_id, describeError(error));
    }
  }
  // One measurement of the whole list; only a list over the budget is measured endpoint by endpoint and cut.
  let cutBySize: string[] = [];
  if (utf8LengthOver(JSON.stringify(endpoints), limits.maxBytes)) {
    let bytes = 2;
    const fits = endpoints.findIndex((endpoint) => (bytes += Buffer.byteLength(JSON.stringify(endpoint)) + 1) > limits.maxBytes);
    cutBySize = keptIds.slice(fits);
    endpoints.length = fits;
  }
  const dropped = cutBySize.length + overCount;
  if (dropped > 0) {
    logger.warn('Discovery limit reached: endpoints left out', {
      dropped,
      kept: endpoints.length,
      reason: cutBySize.length === 0 ? `Alexa accepts at most ${limits.maxEndpoints} endpoints` : `the response would exceed ${limits.maxBytes} bytes`,
      examples: [...cutBySize, ...overflow].slice(0, DROPPED_EXAMPLES),
      fix: config.exposureSource === 'filter' ? 'narrow HA_ALEXA_FILTER or choose a smaller HA_FEATURE_PRESET' : 'expose fewer entities in Home Assistant (Settings → Voice assistants → Expose), narrow HA_ALEXA_FILTER or choose a smaller HA_FEATURE_PRESET',
    });
  }
  return { endpoints, broken, dropped };
}

/** Answers `Discover` with `Discover.Response`. */
export async function discover(directive: Directive, config: Config, logger: AppLogger, ha: HomeAssistantClient, detail: Record<string, unknown>): Promise<AlexaMessage> {
  // With HA_EXPOSURE=assist|label the registry is read over the WebSocket API while the states load.
  const [states, exposure] = await Promise.all([fetchStates(ha), loadExposure(config, ha, { fresh: true })]);
  // Only cameras need /api/config; if it fails, they are discovered without streaming rather than failing discovery.
  const haConfig = needsHaConfig(states, config, exposure)
    ? await fetchHaConfig(ha).catch((error: unknown) => {
        logger.warn('Could not read /api/config for discovery; cameras are listed without streaming', { error: describeError(error) });
        return undefined;
      })
    : undefined;
  const result = buildDiscovery(states, config, logger, haConfig, LIMITS, exposure);
  detail.states = states.length;
  if (config.exposureSource !== 'filter') detail.exposure = config.exposureSource;
  detail.endpoints = result.endpoints.length;
  detail.broken = result.broken;
  detail.dropped = result.dropped;
  return buildResponse(directive, { namespace: 'Alexa.Discovery', name: 'Discover.Response', payload: { endpoints: result.endpoints }, withoutEndpoint: true });
}
