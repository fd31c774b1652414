/**
 * Proxy mode (`HA_ALEXA_MODE=proxy`): the directive goes to Home Assistant's own Alexa integration at
 * `POST /api/alexa/smart_home`, untouched, and HA's answer comes back unchanged. AcceptGrant is
 * forwarded too, so that HA can store the grant and send proactive reports.
 */
import type { RequestContext } from '../../gateway/context.js';
import { isHomeAssistantError } from '../../homeassistant/index.js';
import type { Directive } from './directive.js';
import { AlexaInternalError, alexaErrorFromHa, type AlexaError } from './errors.js';

/** Forwards the directive with `token`; returns HA's answer, or the Alexa error to answer with. */
export async function forwardDirective(directive: Directive, token: string, ctx: RequestContext): Promise<{ body: unknown } | { error: AlexaError }> {
  try {
    const result = await ctx.haClient(token).forwardSmartHome(directive.event);
    if (result.body === undefined) {
      return { error: new AlexaInternalError(`/api/alexa/smart_home answered HTTP ${result.status} with an empty body for ${directive.key}`) };
    }
    return { body: result.body };
  } catch (error) {
    if (isHomeAssistantError(error)) return { error: alexaErrorFromHa(error, 'proxy') };
    throw error;
  }
}
