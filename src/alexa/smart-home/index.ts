/**
 * The Smart Home entry point: validates the directive, picks the bearer token and hands the
 * directive to the native translator (a lazily loaded chunk) or to Home Assistant's own Alexa
 * integration (proxy mode). It never throws: every failure is a schema-valid `ErrorResponse`.
 */
import type { RequestContext } from '../../gateway/context.js';
import { missingTokenMessage, resolveToken } from '../../gateway/token.js';
import { loadNativeTranslator } from '../../lazy.js';
import { loadEvents, publishDiscovered } from '../events/loader.js';
import { directiveToken, parseDirective, type Directive } from './directive.js';
import { AlexaError, AlexaInvalidCredentialError, describeError } from './errors.js';
import { forwardDirective } from './proxy.js';
import { buildError, buildErrorFromEvent } from './response.js';

export type { Directive } from './directive.js';

/**
 * A schema-valid `Alexa.ErrorResponse` built from whatever the event holds: the correlationToken and
 * endpointId are echoed when present, the messageId is a fresh UUID. The gateway uses it for
 * configuration errors, `HOME_ASSISTANT_ENABLED=false` and its deadline fallback.
 */
export function smartHomeFailure(event: unknown, type: string, message: string, namespace = 'Alexa'): unknown {
  return buildErrorFromEvent(event, namespace, type, message);
}

/** Answers one Smart Home directive (Discover, control, ReportState, AcceptGrant) in the configured mode. */
export async function handleSmartHome(event: unknown, ctx: RequestContext): Promise<unknown> {
  const parsed = parseDirective(event);
  if (!parsed.ok) {
    ctx.invocation.operation = operationOf(event);
    return fail(ctx, event, 'INVALID_DIRECTIVE', parsed.message);
  }
  const { directive } = parsed;
  ctx.invocation.operation = directive.key;
  if (directive.endpoint !== undefined) ctx.invocation.endpoint = directive.endpoint.endpointId;
  try {
    const token = resolveToken(ctx.config, directiveToken(directive));
    if (ctx.config.alexaMode === 'proxy') {
      if (token === undefined) throw new AlexaInvalidCredentialError(missingTokenMessage(ctx.config));
      const forwarded = await forwardDirective(directive, token.token, ctx);
      if ('error' in forwarded) return failWith(ctx, directive, forwarded.error);
      return forwarded.body;
    }
    const native = await loadNativeTranslator();
    // ALEXA_EVENTS=on (src/alexa/events/, its own lazy chunk): AcceptGrant stores the grant, and
    // Discover's answer is published to Home Assistant.
    const events = ctx.config.alexaEvents === 'on';
    if (events && directive.key === 'Alexa.Authorization.AcceptGrant') return await (await loadEvents()).acceptGrant(directive, ctx);
    const answer = await native.handleNativeDirective(directive, ctx, token);
    if (events && directive.key === 'Alexa.Discovery.Discover' && token !== undefined && answer.event.header.name === 'Discover.Response') await publishDiscovered(ctx, token.token, answer);
    return answer;
  } catch (error) {
    if (error instanceof AlexaError) return failWith(ctx, directive, error);
    const text = describeError(error);
    ctx.logger.error('Unexpected error while handling a Smart Home directive', { operation: directive.key, error: text });
    return fail(ctx, event, 'INTERNAL_ERROR', `Unexpected error: ${text}`);
  }
}

function failWith(ctx: RequestContext, directive: Directive, error: AlexaError): unknown {
  ctx.invocation.outcome = 'error';
  ctx.invocation.errorType = error.type;
  ctx.invocation.errorMessage = error.message;
  return buildError(directive.event, error, (text) => ctx.logger.scrub(text));
}

function fail(ctx: RequestContext, event: unknown, type: string, message: string): unknown {
  ctx.invocation.outcome = 'error';
  ctx.invocation.errorType = type;
  ctx.invocation.errorMessage = message;
  return smartHomeFailure(event, type, ctx.logger.scrub(message));
}

/** `Namespace.Name` of a malformed directive, when it has one that is safe to log. */
function operationOf(event: unknown): string {
  const header = (event as { directive?: { header?: { namespace?: unknown; name?: unknown } } } | null)?.directive?.header;
  const ns = typeof header?.namespace === 'string' && /^[\w.]{1,64}$/.test(header.namespace) ? header.namespace : '?';
  const name = typeof header?.name === 'string' && /^[\w.]{1,64}$/.test(header.name) ? header.name : '?';
  return `${ns}.${name}`;
}
