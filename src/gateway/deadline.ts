import { AbandonedCallError } from '../homeassistant/errors.js';
import type { Deadline } from '../homeassistant/types.js';

/** Time kept back from Lambda's own remaining time, to answer and flush logs. */
export const LAMBDA_MARGIN_MS = 300;

export interface DeadlineInputs {
  /** `HA_TIMEOUT` in seconds; undefined before the settings are loaded. */
  readonly timeoutSeconds: number | undefined;
  /** 7.5 s for Alexa requests; undefined for diagnostics. */
  readonly alexaBudgetMs: number | undefined;
  /** `context.getRemainingTimeInMillis()`, when the runtime gives one. */
  readonly lambdaRemainingMs: number | undefined;
}

/** The smallest of `HA_TIMEOUT`, Alexa's budget and Lambda's remaining time minus a margin (Infinity when none is known). */
export function budgetMs(inputs: DeadlineInputs): number {
  const candidates = [Number.POSITIVE_INFINITY];
  if (inputs.timeoutSeconds !== undefined) candidates.push(inputs.timeoutSeconds * 1000);
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
   * Shortens the budget to `budget` ms from the deadline's start (e.g. to `HA_TIMEOUT` once the
   * settings are known); a longer one changes nothing.
   */
  narrow(budget: number): void;
  /**
   * Ends the deadline once the invocation has answered: the timer stops and calls still running are
   * aborted with an {@link AbandonedCallError}, so none outlives its invocation in a warm container.
   */
  dispose(): void;
}

/**
 * The reason every disposed deadline aborts with: one instance, because an error's stack trace is
 * captured when it is made, and that cost ~15 µs on each warm invocation for a reason only ever
 * tested with `instanceof`.
 */
const ABANDONED = new AbandonedCallError();

const NOTHING_TO_REMOVE = (): void => undefined;

/**
 * A deadline that aborts every Home Assistant call once the budget is spent, or on dispose. The
 * budget counts from `startedAt` (by default now), so time spent before the deadline was made, such
 * as loading the settings, is part of it. An infinite budget never expires.
 *
 * Calls listen through `onAbort`, a plain set of callbacks: an `AbortController` (an EventTarget) per
 * invocation, a listener added and removed per call and an abort on every dispose cost about 20 µs
 * of a warm TurnOn. `signal` is made only for the code that asks for one.
 */
export function createDeadline(budget: number, now: () => number = performance.now.bind(performance), startedAt: number = now()): DisposableDeadline {
  let current = budget;
  let reason: unknown;
  let controller: AbortController | undefined;
  const listeners = new Set<() => void>();
  let resolveExpired: () => void = () => undefined;
  const expired = new Promise<void>((resolve) => {
    resolveExpired = resolve;
  });
  let timer: NodeJS.Timeout | undefined;
  let spent = false;
  const abort = (why: unknown): void => {
    if (reason !== undefined) return;
    reason = why;
    controller?.abort(why);
    for (const listener of listeners) listener();
    listeners.clear();
  };
  const arm = (): void => {
    clearTimeout(timer);
    if (!Number.isFinite(current)) return;
    timer = setTimeout(() => {
      // Timers may fire a fraction of a millisecond before performance.now() agrees: once this has
      // fired the budget is spent, whatever the clock says.
      spent = true;
      abort(new Error(`deadline of ${current} ms reached`));
      resolveExpired();
    }, Math.max(0, startedAt + current - now()));
    timer.unref();
  };
  arm();
  return {
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (reason !== undefined) controller.abort(reason);
      }
      return controller.signal;
    },
    get abortReason() {
      return reason;
    },
    onAbort: (listener) => {
      if (reason !== undefined) {
        listener();
        return NOTHING_TO_REMOVE;
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get budgetMs() {
      return current;
    },
    expired,
    remainingMs: () => (spent ? 0 : Math.max(0, startedAt + current - now())),
    narrow: (shorter) => {
      if (shorter >= current || reason !== undefined) return;
      current = shorter;
      arm();
    },
    dispose: () => {
      clearTimeout(timer);
      abort(ABANDONED);
    },
  };
}
