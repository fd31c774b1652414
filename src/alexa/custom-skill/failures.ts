/**
 * The Custom skill's failures and the spoken reply for each: whatever goes wrong, the user hears a
 * sentence that says what to do, and the log line says why.
 */
import { HaUnreachableError, isHomeAssistantError, type HaCircuitOpenError, type HomeAssistantError } from '../../homeassistant/index.js';
import { PHRASES } from './phrases.js';

/** A failure the skill detected itself (no token, no URL, too slow), with what to say. */
export class SkillFailure extends Error {
  readonly errorType: string;
  readonly speech: string;
  readonly linkAccount: boolean;

  constructor(errorType: string, message: string, speech: string, options: { linkAccount?: boolean } = {}) {
    super(message);
    this.name = 'SkillFailure';
    this.errorType = errorType;
    this.speech = speech;
    this.linkAccount = options.linkAccount ?? false;
  }
}

export interface SpokenFailure {
  readonly speech: string;
  /** For the log line: our error kind (`unreachable`, `auth`, `DEADLINE`, …). */
  readonly errorType: string;
  readonly errorMessage: string;
  readonly linkAccount: boolean;
}

export interface FailureContext {
  /** True when the Home Assistant token came from account linking (so "relink" is the fix). */
  readonly linked: boolean;
  /** `HA_CONVERSATION_AGENT`, named in the log when Home Assistant rejects the call. */
  readonly agentId: string | undefined;
}

/** Maps any error to a spoken reply and a log entry. */
export function describeFailure(error: unknown, context: FailureContext): SpokenFailure {
  if (error instanceof SkillFailure) {
    return { speech: error.speech, errorType: error.errorType, errorMessage: error.message, linkAccount: error.linkAccount };
  }
  if (isHomeAssistantError(error)) return describeHaFailure(error, context);
  return {
    speech: PHRASES.internalError,
    errorType: 'INTERNAL_ERROR',
    errorMessage: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    linkAccount: false,
  };
}

function describeHaFailure(error: HomeAssistantError, context: FailureContext): SpokenFailure {
  const base = { errorType: error.kind, errorMessage: error.message, linkAccount: false };
  const agentHint = context.agentId === undefined ? '' : `; check that HA_CONVERSATION_AGENT=${context.agentId} names an existing conversation agent`;
  switch (error.kind) {
    case 'unreachable':
      return { ...base, speech: error instanceof HaUnreachableError && error.reason === 'timeout' ? PHRASES.tooSlow : PHRASES.unreachable };
    case 'auth':
      // 401: the token was rejected. 403: a banned IP or a firewall page; relinking would not help.
      if (error.status !== 401) return { ...base, speech: PHRASES.rejected };
      return context.linked ? { ...base, speech: PHRASES.relink, linkAccount: true } : { ...base, speech: PHRASES.badStoredToken };
    case 'circuit_open':
      return { ...base, speech: PHRASES.circuitOpen(Math.max(1, Math.ceil((error as HaCircuitOpenError).retryInMs / 1000))) };
    case 'protocol':
      return { ...base, speech: PHRASES.blocked };
    case 'not_found':
      return { ...base, errorMessage: `${error.message}: the conversation integration is not loaded (add \`conversation:\` or \`default_config:\` to configuration.yaml)${agentHint}`, speech: PHRASES.noConversation };
    case 'bad_request':
      return { ...base, errorMessage: `${error.message}${agentHint}`, speech: PHRASES.rejected };
    case 'server':
      return { ...base, errorMessage: `${error.message}${agentHint}`, speech: PHRASES.serverError };
  }
}
