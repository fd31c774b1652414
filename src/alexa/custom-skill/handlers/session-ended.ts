import { logSafe } from '../envelope.js';
import { emptyResponse } from '../response.js';
import type { SkillHandler } from './types.js';

/**
 * The session closed (the user left, stayed silent, or Alexa hit an error). Alexa ignores the
 * answer. An `ERROR` reason is recorded as a failed invocation: `INVALID_RESPONSE` there means our
 * previous response was rejected, `ENDPOINT_TIMEOUT` that we answered too late.
 */
export const handleSessionEnded: SkillHandler = (request, ctx) => {
  const reason = request.ended?.reason;
  if (reason !== undefined) ctx.invocation.detail.reason = logSafe(reason);
  if (reason === 'ERROR') {
    ctx.invocation.outcome = 'error';
    ctx.invocation.errorType = 'SESSION_ERROR';
    ctx.invocation.errorMessage = `Alexa ended the session with error ${logSafe(request.ended?.errorType ?? 'unknown')}`;
  }
  return emptyResponse();
};
