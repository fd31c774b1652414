/**
 * Proxy mode (`HA_ALEXA_MODE=proxy`): the directive goes to Home Assistant's own Alexa integration at
 * `POST /api/alexa/smart_home`, untouched, and HA's answer comes back unchanged but for the secret
 * scrubbing every answer gets. AcceptGrant is forwarded too, so that HA can store the grant and send
 * proactive reports.
 */
import { tooDeep, tooLarge } from '../../gateway/answer-limits.js';
import type { RequestContext } from '../../gateway/context.js';
import { echoesOf, scrubAnswer } from '../../gateway/scrub-answer.js';
import { isHomeAssistantError } from '../../homeassistant/index.js';
import type { Directive } from './directive.js';
import { AlexaInternalError, alexaErrorFromHa, type AlexaError } from './errors.js';

/**
 * Forwards the directive with `token`; returns HA's answer, scrubbed, or the Alexa error to answer
 * with. An answer the Lambda could not return (too deep to serialize, or over its 6 MB response
 * limit once scrubbed) becomes an `INTERNAL_ERROR` saying so.
 */
export async function forwardDirective(directive: Directive, token: string, ctx: RequestContext): Promise<{ body: unknown } | { error: AlexaError }> {
  try {
    const result = await ctx.haClient(token).forwardSmartHome(directive.event);
    if (result.body === undefined) {
      return { error: new AlexaInternalError(`/api/alexa/smart_home answered HTTP ${result.status} with an empty body for ${directive.key}`) };
    }
    // Depth first, on the answer as received: the scrubbed copy masks what lies too deep, and
    // serializing what does throws. Size on the scrubbed copy, the answer as it would leave.
    const deep = tooDeep(result.body);
    if (deep !== undefined) return { error: cannotReturn(directive, deep) };
    const body = scrubAnswer(result.body, ctx.logger, echoesOf(directive.event));
    const large = tooLarge(body);
    if (large !== undefined) return { error: cannotReturn(directive, large) };
    return { body };
  } catch (error) {
    if (isHomeAssistantError(error)) return { error: alexaErrorFromHa(error, 'proxy') };
    throw error;
  }
}

function cannotReturn(directive: Directive, why: string): AlexaError {
  return new AlexaInternalError(`/api/alexa/smart_home answered ${directive.key} with JSON this Lambda cannot return: ${why}`);
}
