/**
 * `ConversationIntent`: the user's words go to Home Assistant's Assist API
 * (`POST /api/conversation/process`) and Assist's spoken answer comes back through Alexa.
 *
 * @see https://developers.home-assistant.io/docs/intent_conversation_api
 */
import type { RequestContext } from '../../../gateway/context.js';
import { missingTokenMessage, resolveToken } from '../../../gateway/token.js';
import type { ConversationRequest, ConversationResult, HomeAssistantClient } from '../../../homeassistant/index.js';
import type { SkillRequest } from '../envelope.js';
import { logSafe } from '../envelope.js';
import { SkillFailure } from '../failures.js';
import { QUERY_SLOT } from '../intents.js';
import { PHRASES } from '../phrases.js';
import { scheduleProgressiveResponse } from '../progressive.js';
import { respond } from '../response.js';
import { lastSentence } from '../speech.js';
import { conversationIdOf, sessionAttributes } from './session.js';
import type { SkillHandler } from './types.js';

/** We answer this long before the invocation's deadline, so the gateway never has to answer for us. */
export const ANSWER_MARGIN_MS = 250;

export const handleConversation: SkillHandler = async (request, ctx) => {
  const query = request.intent.slots.get(QUERY_SLOT)?.trim() ?? '';
  const carried = conversationIdOf(request.attributes);
  if (query === '') {
    return respond({ speech: PHRASES.emptyQuery, reprompt: PHRASES.emptyQuery, endSession: false, attributes: sessionAttributes(carried) });
  }
  const client = clientFor(request, ctx);
  // The words can be private ("is the alarm off?"): only in the log with DEBUG_MODE.
  if (ctx.config.debugMode) ctx.invocation.detail.query = query;
  const body: ConversationRequest = {
    text: query,
    // Home Assistant accepts a full locale such as `en-US` and matches it to its languages.
    language: request.locale ?? ctx.config.alexaLocale,
    ...(carried === undefined ? {} : { conversation_id: carried }),
    ...(ctx.config.conversationAgent === undefined ? {} : { agent_id: ctx.config.conversationAgent }),
  };
  const cancelProgressive = scheduleProgressiveResponse(request.api, request.requestId, ctx);
  let result: ConversationResult;
  try {
    result = await withinDeadline(client.processConversation(body), ctx);
  } finally {
    cancelProgressive();
  }
  return answer(result, carried, ctx);
};

function clientFor(request: SkillRequest, ctx: RequestContext): HomeAssistantClient {
  const token = resolveToken(ctx.config, request.accessToken);
  if (token === undefined) {
    const linking = ctx.config.tokenSource === 'directive';
    throw new SkillFailure('NO_TOKEN', missingTokenMessage(ctx.config), linking ? PHRASES.notLinked : PHRASES.noStoredToken, { linkAccount: linking });
  }
  ctx.invocation.detail.tokenSource = token.source;
  return ctx.haClient(token.token);
}

/** Waits for `work` until {@link ANSWER_MARGIN_MS} before the deadline, then gives up with a spoken "too slow". */
async function withinDeadline<T>(work: Promise<T>, ctx: RequestContext): Promise<T> {
  const waitMs = Math.max(0, ctx.deadline.remainingMs() - ANSWER_MARGIN_MS);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new SkillFailure('DEADLINE', `/api/conversation/process did not answer within ${Math.round(waitMs)} ms; answered before Alexa's 8 s limit instead`, PHRASES.tooSlow));
    }, waitMs);
  });
  // The call keeps running after we give up; its failure must not surface as an unhandled rejection.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

function answer(result: ConversationResult, carried: string | undefined, ctx: RequestContext): ReturnType<typeof respond> {
  const response = result.response;
  const type = response?.response_type;
  const said = response?.speech?.plain?.speech?.trim() ?? '';
  if (type !== undefined) ctx.invocation.detail.responseType = logSafe(type);
  if (type === 'error') {
    // Assist answered (HTTP 200) but could not do it; its message is what the user hears.
    const code = response?.data?.code;
    ctx.invocation.outcome = 'error';
    ctx.invocation.errorType = 'ASSIST_ERROR';
    ctx.invocation.errorMessage = `Assist could not handle the request (code ${typeof code === 'string' ? logSafe(code) : 'unknown'})`;
  }
  const speech = said !== '' ? said : type === 'error' ? PHRASES.assistFailed : type === 'query_answer' ? PHRASES.noAnswer : PHRASES.done;
  if (ctx.config.debugMode) ctx.invocation.detail.speech = speech;
  // Older Home Assistant versions do not send `continue_conversation`; a question then means "go on".
  const continues = result.continue_conversation ?? speech.endsWith('?');
  if (!continues) return respond({ speech, endSession: true });
  const given = response?.reprompt?.plain?.speech?.trim() ?? '';
  const reprompt = given !== '' ? given : speech.endsWith('?') ? lastSentence(speech) : PHRASES.whatNext;
  return respond({ speech, reprompt, endSession: false, attributes: sessionAttributes(result.conversation_id ?? carried) });
}
