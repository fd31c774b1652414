/**
 * The doctor's vocabulary: what a check answers, what the whole report looks like, and what a check
 * receives. Every check answers `ok | warn | fail | skipped` with a measured value and one sentence
 * telling the user what to change.
 */
import type { Config } from '../config/index.js';
import type { Deadline } from '../homeassistant/types.js';
import type { Probe, ProbeResult } from './probe.js';

export const CHECK_STATUSES = ['ok', 'warn', 'fail', 'skipped'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResult {
  /** Stable name of the check, as `{"diagnostics":"doctor","checks":[…]}` selects it. */
  readonly name: string;
  /** What the table shows in its first column. */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was measured, e.g. `expires in 12 days (2026-12-18)`. */
  readonly value: string;
  /** One sentence: what to change. Empty when there is nothing to do. */
  readonly fix: string;
  /**
   * A short machine-readable reason (`self_signed`, `expiring`, `unreachable`, …) for tools such as
   * the scheduled watchman, which opens an issue for some warnings and waits on transient failures.
   */
  readonly code?: string;
}

/** `{"diagnostics":"doctor"}` answer. Never contains the token. */
export interface DoctorReport {
  readonly diagnostics: 'doctor';
  /** No check failed. */
  readonly ok: boolean;
  /** The worst status of all checks (`skipped` counts as `ok`). */
  readonly status: 'ok' | 'warn' | 'fail';
  readonly version: string;
  readonly region: string | null;
  readonly mode: string;
  readonly url: string | null;
  readonly durationMs: number;
  readonly checks: readonly CheckResult[];
}

/** What the event may add: which checks to run, and the skill's locales (for the region check). */
export interface DoctorRequest {
  readonly checks?: readonly string[];
  readonly locales?: readonly string[];
}

/** Everything a check may use; checks read no environment and make no call but through `probe`. */
export interface DoctorContext {
  readonly config: Config;
  /** Parsed `HOME_ASSISTANT_URL`. */
  readonly url: URL;
  /** The stored token, when there is one. */
  readonly token: string | undefined;
  readonly deadline: Deadline;
  /** AWS region the function runs in (undefined outside AWS). */
  readonly region: string | undefined;
  /** The skill's locales: the event's `locales`, else `ALEXA_LOCALE`. */
  readonly locales: readonly string[];
  readonly probe: Probe;
  /** `GET /api/` with the token, made once and shared by the checks that need it. */
  apiCall(): Promise<ProbeResult>;
  /** Runs `work` once per doctor run and shares its promise (one `GET /api/states` for two checks). */
  shared<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** The address lookup (dns.lookup; tests pass their own). */
  readonly lookup: Lookup;
  /** The port Alexa's account linking requires (443; tests pass their server's). */
  readonly linkingPort: number;
}

export type Lookup = (host: string) => Promise<readonly { address: string; family: number }[]>;

/** One entry of the registry: a named check and how to run it. */
export interface DoctorCheck {
  readonly name: string;
  readonly title: string;
  run(ctx: DoctorContext): Promise<Omit<CheckResult, 'name' | 'title'>>;
}
