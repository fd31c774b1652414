/**
 * The native translator (`HA_ALEXA_MODE=native`), a lazily loaded chunk: Discover, ReportState,
 * AcceptGrant and every control directive of the registered capabilities, answered from Home
 * Assistant's REST API with the same services and data as HA's own Alexa integration.
 */
import type { RequestContext } from '../../../gateway/context.js';
import { missingTokenMessage, type ResolvedToken } from '../../../gateway/token.js';
import type { Directive } from '../directive.js';
import { AlexaInvalidCredentialError, AlexaInvalidDirectiveError } from '../errors.js';
import { buildResponse, type AlexaMessage } from '../response.js';
import { DIRECTIVE_HANDLERS } from './capabilities/index.js';
import { control } from './control.js';
import { discover } from './discovery.js';
import { reportState } from './report-state.js';

export { buildDiscovery } from './discovery.js';

/**
 * Answers one validated directive. Throws only `AlexaError`s (and, for bugs, other errors), which the
 * Smart Home boundary in `../index.ts` turns into an `ErrorResponse`.
 */
export async function handleNativeDirective(directive: Directive, ctx: RequestContext, token: ResolvedToken | undefined): Promise<AlexaMessage> {
  if (directive.key === 'Alexa.Authorization.AcceptGrant') {
    // Native mode sends no proactive events, so there is no grant to store: accept it as HA does without credentials.
    return buildResponse(directive, { namespace: 'Alexa.Authorization', name: 'AcceptGrant.Response', withoutEndpoint: true });
  }
  const handler = DIRECTIVE_HANDLERS.get(directive.key);
  const isDiscover = directive.key === 'Alexa.Discovery.Discover';
  if (handler === undefined && !isDiscover && directive.key !== 'Alexa.ReportState') throw new AlexaInvalidDirectiveError(`${directive.key} is not supported in native mode`);
  // The edge already refuses an endpoint-less control directive; this keeps the types honest.
  const endpointId = directive.endpoint?.endpointId;
  if (!isDiscover && endpointId === undefined) throw new AlexaInvalidDirectiveError(`${directive.key} needs directive.endpoint`);
  if (token === undefined) throw new AlexaInvalidCredentialError(missingTokenMessage(ctx.config));
  const ha = ctx.haClient(token.token);
  if (isDiscover || endpointId === undefined) return discover(directive, ctx.config, ctx.logger, ha, ctx.invocation.detail);
  if (handler === undefined) return reportState(directive, endpointId, ctx.config, ha);
  return control(directive, endpointId, handler, ctx, ha);
}
