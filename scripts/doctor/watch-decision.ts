/**
 * The watchman's rule: which findings deserve an issue in the user's repository, and when.
 *
 * - a failure, or a warning that needs action (a certificate about to expire), opens the issue;
 * - Home Assistant unreachable (timeouts, refused connections) opens it only on the second run in a
 *   row, so a router reboot at night does not wake anybody;
 * - the issue is updated while problems last and closed when every check passes again.
 */
import type { CheckResult, DoctorReport } from './report.js';

/** Warnings that need the user to act before Alexa goes silent. */
export const ACTION_WARNINGS: ReadonlySet<string> = new Set(['expiring']);

/** Failure codes that may be a passing outage: an issue only after two runs in a row. */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(['timeout', 'unreachable']);

/** What the watchman remembers between runs. */
export interface WatchState {
  /** Consecutive runs in which Home Assistant was unreachable. */
  readonly unreachableRuns: number;
}

export type WatchAction = 'open' | 'update' | 'close' | 'wait' | 'none';

export interface WatchDecision {
  readonly action: WatchAction;
  /** The findings the issue lists. */
  readonly problems: readonly CheckResult[];
  readonly state: WatchState;
  readonly reason: string;
}

export function needsAction(check: CheckResult): boolean {
  return check.status === 'fail' || (check.status === 'warn' && ACTION_WARNINGS.has(check.code ?? ''));
}

function isTransient(check: CheckResult): boolean {
  return check.status === 'fail' && TRANSIENT_CODES.has(check.code ?? '');
}

/** A stable key per finding, to tell whether the problems changed since the last update. */
export function problemKey(check: CheckResult): string {
  return `${check.name}:${check.code ?? check.status}`;
}

export function decide(report: DoctorReport, previous: WatchState | undefined, issueOpen: boolean): WatchDecision {
  const problems = report.checks.filter(needsAction);
  const transient = problems.filter(isTransient);
  const unreachableRuns = transient.length > 0 ? (previous?.unreachableRuns ?? 0) + 1 : 0;
  const state = { unreachableRuns };
  if (problems.length === 0) {
    return issueOpen
      ? { action: 'close', problems, state, reason: 'every check passes again' }
      : { action: 'none', problems, state, reason: 'every check passes' };
  }
  const lasting = problems.length > transient.length || unreachableRuns >= 2;
  if (!lasting && !issueOpen) {
    return { action: 'wait', problems, state, reason: 'Home Assistant was unreachable once; an issue is opened if the next run finds the same' };
  }
  return issueOpen
    ? { action: 'update', problems, state, reason: `${problems.length} problem(s) still need attention` }
    : { action: 'open', problems, state, reason: `${problems.length} problem(s) need attention` };
}
