import type { Config } from '../config/index.js';
import type { HomeAssistantClient } from '../homeassistant/index.js';
import type { Deadline, HaCallRecord } from '../homeassistant/types.js';
import type { AppLogger } from '../logging/logger.js';

/** The name of a request kind (`kinds/index.ts`), or `unknown` for an event no kind recognises. */
export type RequestKind = string;

/**
 * What one invocation did, filled in by the handlers and written as one structured log line (plus
 * one EMF metrics line) when the invocation ends.
 */
export interface InvocationRecord {
  /** e.g. `Alexa.PowerController.TurnOn` or `IntentRequest:ConversationIntent`. */
  operation?: string;
  /** Alexa endpointId or entity_id the request is about. */
  endpoint?: string;
  outcome: 'ok' | 'error';
  /** Alexa error type or our error kind, e.g. `BRIDGE_UNREACHABLE`, `auth`. */
  errorType?: string;
  /** Why, in one line (already free of tokens). */
  errorMessage?: string;
  readonly haCalls: HaCallRecord[];
  /** Extra fields for the log line (added to it only with DEBUG_MODE unless named in `summary`). */
  readonly detail: Record<string, unknown>;
}

/** Everything a request handler needs; handlers read no env and construct no clients. */
export interface RequestContext {
  readonly requestId: string;
  readonly config: Config;
  readonly logger: AppLogger;
  readonly deadline: Deadline;
  readonly invocation: InvocationRecord;
  /** A Home Assistant client bound to this invocation's deadline and log record, for `token`. */
  haClient(token: string): HomeAssistantClient;
}
