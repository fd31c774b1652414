import type { HomeAssistantClient } from '../../../homeassistant/index.js';
import type { Config } from '../../../config/index.js';
import { AlexaNoSuchEndpointError } from '../errors.js';
import type { NativeEndpoint } from './capabilities/types.js';
import { buildEndpoint } from './endpoint.js';
import { ADAPTERS_BY_DOMAIN } from './entities/index.js';
import { toEntityId, toEntityView } from './entity-view.js';
import { exposureFor } from './exposure.js';
import { loadExposure } from './exposure-snapshot.js';
import { fetchEntity, fetchHaConfig } from './ha.js';

/**
 * The endpoint a directive addresses, read fresh from `GET /api/states/<id>`. An entity that does
 * not exist, is not exposed (preset, filter, or with `HA_EXPOSURE=assist|label` Home Assistant's
 * registry snapshot) or would not be discovered is `NO_SUCH_ENDPOINT`, checked before any call where
 * possible.
 */
export async function loadEndpoint(endpointId: string, config: Config, ha: HomeAssistantClient): Promise<NativeEndpoint> {
  const entityId = toEntityId(endpointId);
  const dot = entityId.indexOf('.');
  const domain = dot > 0 ? entityId.slice(0, dot) : '';
  const adapter = ADAPTERS_BY_DOMAIN.get(domain);
  const base = exposureFor(config);
  if (adapter === undefined || !base.allows(entityId, domain)) {
    throw new AlexaNoSuchEndpointError(`${endpointId} is not exposed to Alexa (domain not supported, not in HA_FEATURE_PRESET=${config.featurePreset}, or filtered out)`);
  }
  const [state, exposure] = await Promise.all([fetchEntity(ha, entityId), loadExposure(config, ha, { fresh: false })]);
  if (exposure !== base && !exposure.allows(entityId, domain, state.attributes)) {
    throw new AlexaNoSuchEndpointError(`${entityId} is not exposed to Alexa in Home Assistant (HA_EXPOSURE=${config.exposureSource}: Settings → Voice assistants → Expose, or its labels)`);
  }
  const env = adapter.needsHaConfig === true ? { haConfig: await fetchHaConfig(ha) } : {};
  const endpoint = buildEndpoint(toEntityView(state, exposure.overrides(entityId)), adapter, config.alexaLocale, env);
  if (endpoint === undefined) throw new AlexaNoSuchEndpointError(`${entityId} has no Alexa capabilities, so it is not discovered`);
  return endpoint;
}
