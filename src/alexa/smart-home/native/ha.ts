/**
 * The Home Assistant calls of the native translator, each wrapped so that a failure becomes the
 * Alexa error that fits where it happened (a 404 on the entity is NO_SUCH_ENDPOINT, on a service it
 * is not), and the one boundary only ever sees `AlexaError`s.
 */
import type { HaConfig, HaState, HomeAssistantClient, ServiceData } from '../../../homeassistant/index.js';
import { isHomeAssistantError } from '../../../homeassistant/index.js';
import { alexaErrorFromHa, AlexaNoSuchEndpointError, type HaErrorSite } from '../errors.js';
import type { TemperatureUnit } from './capabilities/types.js';

async function guard<T>(site: HaErrorSite, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isHomeAssistantError(error)) throw alexaErrorFromHa(error, site);
    throw error;
  }
}

export function fetchStates(ha: HomeAssistantClient): Promise<readonly HaState[]> {
  return guard('discovery', () => ha.getStates());
}

/** The entity's current state; unknown entity ⇒ NO_SUCH_ENDPOINT. */
export function fetchEntity(ha: HomeAssistantClient, entityId: string): Promise<HaState> {
  return guard('entity', async () => {
    try {
      return await ha.getState(entityId);
    } catch (error) {
      if (isHomeAssistantError(error) && error.kind === 'not_found') throw new AlexaNoSuchEndpointError(`${entityId} does not exist in Home Assistant`);
      throw error;
    }
  });
}

/** Calls the service; returns the states HA reports as changed by it (REST answers with them). */
export function callService(ha: HomeAssistantClient, domain: string, service: string, data: ServiceData): Promise<readonly HaState[]> {
  return guard('service', async () => {
    const changed = await ha.callService(domain, service, data);
    return Array.isArray(changed) ? changed.filter((item): item is HaState => typeof item === 'object' && item !== null && typeof (item as HaState).entity_id === 'string') : [];
  });
}

/** HA's temperature unit from `/api/config`. */
export function fetchTemperatureUnit(ha: HomeAssistantClient): Promise<TemperatureUnit> {
  return guard('service', async () => ((await ha.getConfig()).unit_system?.temperature === '°F' ? '°F' : '°C'));
}

/** `/api/config` for adapters that need it (cached by the client for `HA_CACHE_TTL`). */
export function fetchHaConfig(ha: HomeAssistantClient): Promise<HaConfig> {
  return guard('service', () => ha.getConfig());
}
