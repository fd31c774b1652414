/**
 * The Custom skill ("Alexa, ask Jarvis …"), loaded lazily by `src/lazy.ts`: checks the skill ID,
 * routes the request to its handler and is the skill's one failure boundary, where every error
 * becomes a spoken reply.
 *
 * A small router over `ask-sdk-model`'s types rather than `ask-sdk-core`: the SDK would add
 * 300 KB to this chunk and about 9 ms to its first load for routing we do in a map lookup, and it
 * escapes no SSML and enforces none of the size limits handled here (see the README).
 */
import type { ResponseEnvelope } from 'ask-sdk-model';
import type { RequestContext } from '../../gateway/context.js';
import { resolveToken } from '../../gateway/token.js';
import { envelopeProblem, logSafe, readSkillRequest, type SkillRequest } from './envelope.js';
import { describeFailure } from './failures.js';
import { REQUEST_HANDLERS, type SkillHandler } from './handlers/index.js';
import { PHRASES } from './phrases.js';
import { emptyResponse, respond } from './response.js';
import { checkSkillId } from './skill-id.js';

/** Answers one Custom skill request. Never throws; fills `ctx.invocation` for the log line. */
export async function handleCustomSkill(event: unknown, ctx: RequestContext): Promise<unknown> {
  const problem = envelopeProblem(event);
  const request = problem === undefined ? readSkillRequest(event) : undefined;
  if (request === undefined) {
    ctx.invocation.operation = 'custom-skill';
    return fail(ctx, 'INVALID_REQUEST', problem ?? 'Custom skill request without request.type', PHRASES.internalError);
  }
  const operation = operationOf(request);
  ctx.invocation.operation = logSafe(operation);
  const refusal = checkSkillId(request.applicationId, ctx.config.alexaSkillIds);
  if (refusal !== undefined) return fail(ctx, refusal.errorType, refusal.errorMessage, PHRASES.refused);
  const handler = REQUEST_HANDLERS.get(operation) ?? (request.type === 'IntentRequest' ? unknownIntent : unsupportedRequest);
  try {
    return await handler(request, ctx);
  } catch (error) {
    const failure = describeFailure(error, {
      linked: resolveToken(ctx.config, request.accessToken)?.source === 'directive',
      agentId: ctx.config.conversationAgent,
    });
    if (failure.errorType === 'INTERNAL_ERROR') ctx.logger.error('Custom skill handler failed', { operation: ctx.invocation.operation, error: failure.errorMessage });
    return fail(ctx, failure.errorType, failure.errorMessage, failure.speech, failure.linkAccount);
  }
}

function operationOf(request: SkillRequest): string {
  return request.type === 'IntentRequest' ? `IntentRequest:${request.intent.name}` : request.type;
}

function fail(ctx: RequestContext, errorType: string, errorMessage: string, speech: string, linkAccount = false): ResponseEnvelope {
  ctx.invocation.outcome = 'error';
  ctx.invocation.errorType = errorType;
  ctx.invocation.errorMessage = errorMessage;
  return respond({ speech, endSession: true, linkAccount });
}

/** An intent the interaction model has and this handler does not: the model is newer than the code. */
const unknownIntent: SkillHandler = (request, ctx) =>
  fail(ctx, 'UNKNOWN_INTENT', `No handler for intent ${logSafe(request.intent.name)}; regenerate the interaction model with npm run skill:model`, PHRASES.unknownIntent);

/** Interface requests this skill never asks for (AudioPlayer, Connections, …): nothing to say. */
const unsupportedRequest: SkillHandler = (request, ctx) => {
  ctx.invocation.outcome = 'error';
  ctx.invocation.errorType = 'UNSUPPORTED_REQUEST';
  ctx.invocation.errorMessage = `Custom skill request type ${logSafe(request.type)} is not handled`;
  return emptyResponse();
};
