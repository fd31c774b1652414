/** What every part of the events code receives: the settings, where to send, the deadline and the log. */
import type { Config, EventsEndpoints } from '../../config/index.js';
import type { Deadline } from '../../homeassistant/types.js';
import type { AppLogger } from '../../logging/logger.js';

/** One event the gateway accepted or refused, for the metrics line. */
export interface EventOutcome {
  /** `ChangeReport`, `DoorbellPress`, `AddOrUpdateReport`, `DeleteReport`. */
  readonly type: string;
  /** Undefined when the gateway accepted it (202); else Amazon's code, `HTTP_<status>`, `NO_ANSWER` or `NO_GRANT`. */
  readonly code: string | undefined;
  /** From the start of the invocation to the gateway's answer. */
  readonly latencyMs: number;
}

/** Time as the events code sees it. */
export interface EventsClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The real clock. */
export const REAL_CLOCK: EventsClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface EventsContext {
  readonly config: Config;
  readonly endpoints: EventsEndpoints;
  readonly logger: AppLogger;
  readonly deadline: Deadline;
  /** Wall clock in ms, and waiting between resends (tests move and record them). */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** `performance.now()` when the invocation started, for the poke-to-gateway latency. */
  readonly startedAt: number;
  /** Every event sent or refused in this invocation. */
  readonly outcomes: EventOutcome[];
}
