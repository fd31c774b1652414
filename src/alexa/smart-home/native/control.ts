/**
 * Control directives: finds the endpoint, refuses unavailable entities with ENDPOINT_UNREACHABLE
 * (a deliberate difference from HA, so Alexa says the device is unresponsive) and interfaces the
 * endpoint does not declare with INVALID_DIRECTIVE (HA runs those too), runs the handler and
 * answers with the endpoint's properties after the command (HA's REST service call returns the
 * states it changed, so no extra read is needed).
 */
import type { HaState, HomeAssistantClient } from '../../../homeassistant/index.js';
import type { RequestContext } from '../../../gateway/context.js';
import type { Directive } from '../directive.js';
import { AlexaEndpointUnreachableError, AlexaInvalidDirectiveError } from '../errors.js';
import { buildResponse, type AlexaMessage } from '../response.js';
import type { DirectiveContext, DirectiveHandler, NativeEndpoint, TemperatureUnit } from './capabilities/types.js';
import { readProperties, toReported } from './endpoint.js';
import { toEntityView } from './entity-view.js';
import { callService, fetchTemperatureUnit } from './ha.js';
import { loadEndpoint } from './load-endpoint.js';

/**
 * Refuses a directive for an interface (or instance) the endpoint does not declare: discovery and
 * this check read the same {@link NativeEndpoint}, so they can never disagree. Without it,
 * `PowerController.TurnOn` on a garage door would call `cover.open_cover`, past the mode discovery
 * chose so that Alexa asks for the PIN.
 */
function refuseUndeclared(directive: Directive, endpoint: NativeEndpoint): void {
  // Range, Mode and Toggle directives name their instance; other interfaces (a cover's `cover.stop`
  // PlaybackController) declare one that Alexa does not send back.
  const declared = endpoint.capabilities.some(
    (capability) =>
      capability.namespace === directive.namespace && (capability.instance === undefined || directive.instance === undefined || capability.instance === directive.instance),
  );
  if (declared) return;
  const instance = directive.instance === undefined ? '' : ` (instance ${directive.instance})`;
  throw new AlexaInvalidDirectiveError(`${directive.key}${instance}: ${endpoint.entity.entityId} does not declare ${directive.namespace}${instance} in discovery`);
}

export async function control(directive: Directive, endpointId: string, handler: DirectiveHandler, ctx: RequestContext, ha: HomeAssistantClient): Promise<AlexaMessage> {
  const endpoint = await loadEndpoint(endpointId, ctx.config, ha);
  const { entity } = endpoint;
  if (entity.state === 'unavailable') throw new AlexaEndpointUnreachableError(`${entity.entityId} is unavailable in Home Assistant`);
  refuseUndeclared(directive, endpoint);
  let changed: HaState | undefined;
  let unit: Promise<TemperatureUnit> | undefined;
  const context: DirectiveContext = {
    directive,
    endpoint,
    entity,
    config: ctx.config,
    logger: ctx.logger,
    callService: async (domain, service, data) => {
      const states = await callService(ha, domain, service, data);
      changed = states.find((state) => state.entity_id === entity.entityId) ?? changed;
    },
    temperatureUnit: () => (unit ??= fetchTemperatureUnit(ha)),
  };
  const outcome = (await handler(context)) ?? {};
  const time = new Date().toISOString();
  const after = changed === undefined ? entity : toEntityView(changed, entity.overrides);
  // Temperatures are reported only when the handler already read the unit: no extra call for a context.
  const temperatureUnit = unit === undefined ? undefined : await unit;
  const reported = toReported(outcome.properties ?? [], readProperties(endpoint, after, { temperatureUnit }), time);
  // An empty context is left out rather than sent as `properties: []`.
  const properties = reported.length > 0 ? reported : undefined;
  return buildResponse(directive, { ...outcome.response, properties });
}
