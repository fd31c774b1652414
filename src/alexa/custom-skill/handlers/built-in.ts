/**
 * Amazon's built-in intents. Help and Fallback keep the conversation (and its Home Assistant
 * `conversation_id`) open; Stop, Cancel and NavigateHome end it.
 *
 * @see https://developer.amazon.com/docs/custom-skills/standard-built-in-intents.html
 */
import { PHRASES } from '../phrases.js';
import { respond } from '../response.js';
import { conversationIdOf, sessionAttributes } from './session.js';
import type { SkillHandler } from './types.js';

export const handleHelp: SkillHandler = (request, ctx) =>
  respond({ speech: PHRASES.help(ctx.config.assistantName), reprompt: PHRASES.whatNext, endSession: false, attributes: sessionAttributes(conversationIdOf(request.attributes)) });

export const handleStop: SkillHandler = () => respond({ speech: PHRASES.goodbye, endSession: true });

/** FallbackIntent carries no text, so there is nothing to pass to Home Assistant: ask again. */
export const handleFallback: SkillHandler = (request) =>
  respond({ speech: PHRASES.fallback, reprompt: PHRASES.whatNext, endSession: false, attributes: sessionAttributes(conversationIdOf(request.attributes)) });

/** "Alexa, go home": the device leaves the skill by itself; there is nothing to say. */
export const handleNavigateHome: SkillHandler = () => respond({ endSession: true });
