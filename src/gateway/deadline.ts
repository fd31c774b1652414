import { AbandonedCallError } from '../homeassistant/errors.js';
import type { Deadline } from '../homeassistant/types.js';

/** Time kept back from Lambda's own remaining time, to answer and flush logs. */
export const LAMBDA_MARGIN_MS = 300;

export interface DeadlineInputs {
  /** `HA_TIMEOUT` in seconds. */
  readonly timeoutSeconds: number;
  /** 7.5 s for Alexa requests; undefined for diagnostics. */
  readonly alexaBudgetMs: number | undefined;
  /** `context.getRemainingTimeInMillis()`, when the runtime gives one. */
  readonly lambdaRemainingMs: number | undefined;
}

/** The smallest of `HA_TIMEOUT`, Alexa's budget and Lambda's remaining time minus a margin. */
export function budgetMs(inputs: DeadlineInputs): number {
  const candidates = [inputs.timeoutSeconds * 1000];
  if (inputs.alexaBudgetMs !== undefined) candidates.push(inputs.alexaBudgetMs);
  if (inputs.lambdaRemainingMs !== undefined && Number.isFinite(inputs.lambdaRemainingMs)) {
    candidates.push(inputs.lambdaRemainingMs - LAMBDA_MARGIN_MS);
  }
  return Math.max(50, Math.floor(Math.min(...candidates)));
}

export interface DisposableDeadline extends Deadline {
  /** Resolves (never rejects) when the budget runs out. */
  readonly expired: Promise<void>;
  /**
   * Ends the deadline once the invocation has answered: the timer stops and calls still running are
   * aborted with an {@link AbandonedCallError}, so none outlives its invocation in a warm container.
   */
  dispose(): void;
}

/** A deadline whose signal aborts every Home Assistant call once the budget is spent, or on dispose. */
export function createDeadline(budget: number, now: () => number = performance.now.bind(performance)): DisposableDeadline {
  const controller = new AbortController();
  const endsAt = now() + budget;
  let resolveExpired: () => void = () => undefined;
  const expired = new Promise<void>((resolve) => {
    resolveExpired = resolve;
  });
  const timer = setTimeout(() => {
    controller.abort(new Error(`deadline of ${budget} ms reached`));
    resolveExpired();
  }, budget);
  timer.unref();
  return {
    signal: controller.signal,
    budgetMs: budget,
    expired,
    remainingMs: () => Math.max(0, endsAt - now()),
    dispose: () => {
      clearTimeout(timer);
      if (!controller.signal.aborted) controller.abort(new AbandonedCallError());
    },
  };
}
