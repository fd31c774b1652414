import { PHRASES } from '../phrases.js';
import { respond } from '../response.js';
import type { SkillHandler } from './types.js';

/** "Alexa, open Jarvis": a greeting with the assistant's name, and the microphone stays open. */
export const handleLaunch: SkillHandler = (_request, ctx) =>
  respond({ speech: PHRASES.greeting(ctx.config.assistantName), reprompt: PHRASES.greetingReprompt, endSession: false });
