/**
 * `Alexa.ReportState` → `StateReport` with every retrievable property of the endpoint, read fresh.
 * An unavailable entity is reported (connectivity UNREACHABLE), not refused.
 */
import type { Config } from '../../../config/index.js';
import type { HomeAssistantClient } from '../../../homeassistant/index.js';
import type { Directive } from '../directive.js';
import { buildResponse, type AlexaMessage } from '../response.js';
import { needsUnitSystem, readProperties, toReported } from './endpoint.js';
import { fetchTemperatureUnit } from './ha.js';
import { loadEndpoint } from './load-endpoint.js';

export async function reportState(directive: Directive, endpointId: string, config: Config, ha: HomeAssistantClient): Promise<AlexaMessage> {
  const endpoint = await loadEndpoint(endpointId, config, ha);
  const temperatureUnit = needsUnitSystem(endpoint) ? await fetchTemperatureUnit(ha) : undefined;
  const properties = readProperties(endpoint, endpoint.entity, { temperatureUnit });
  return buildResponse(directive, { name: 'StateReport', properties: toReported([], properties, new Date().toISOString()) });
}
