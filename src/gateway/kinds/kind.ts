/**
 * What the gateway knows of one request kind (Smart Home directive, Custom skill request,
 * diagnostics event, …): how to recognise it, what runs it, how it fails, whether the diagnostics
 * alias refuses it, its deadline budget and the shape of its answer. `route.ts` holds no per-kind
 * branch: it walks these answers. A new kind is one file in this folder plus one line in `index.ts`.
 */
import type { Scrubber } from '../scrub-answer.js';
import type { RequestContext } from '../context.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request the diagnostics alias does not answer: the answer it gets instead, and its operation for the log line. */
export interface Refusal {
  readonly answer: unknown;
  readonly operation: string;
}

/** A kind's own error answers, one per way the gateway can fail it before or around its handler. */
export interface KindFailures {
  /**
   * The answer when `HOME_ASSISTANT_ENABLED=false`; a kind without one does not need Home Assistant
   * and runs all the same.
   */
  disabled?(event: unknown): unknown;
  /** The handler did not answer within the deadline (plus a short grace): the gateway answers without it. */
  late(event: unknown, budgetMs: number): unknown;
  /** The settings could not be loaded within the budget (`message` says so). */
  settingsTimeout(event: unknown, message: string): unknown;
  /** The settings are invalid: `problems` names each setting at fault. */
  config(event: unknown, problems: readonly string[]): unknown;
  /** Something threw past the handler's own error boundary (the detail is in the log, not the answer). */
  internal(event: unknown): unknown;
}

export interface RequestKindEntry {
  /** The kind in the log line (`kind`) and the `RequestKind` metric dimension. */
  readonly name: string;
  /** What an event of this kind looks like, for the answer to an unrecognised event. */
  readonly describes: string;
  /** Whether `event` is of this kind, by shape only; entries are asked in list order. */
  recognises(event: JsonObject): boolean;
  /**
   * A looser match, asked only when no entry recognised the event: an envelope of this kind too
   * malformed to recognise, which should still get this kind's own error answer.
   */
  claimsMalformed?(event: JsonObject): boolean;
  /** The kind's budget in ms (Alexa's, for a request Alexa waits on), or undefined: Lambda's remaining time and `HA_TIMEOUT` only. */
  readonly budgetMs: number | undefined;
  /** The refusal through the diagnostics alias, which answers only what cannot change the house; undefined when it answers `event`. */
  refuseThroughDiagnosticsAlias(event: unknown): Refusal | undefined;
  /** Answers the event (a lazily loaded module is imported here, not at the top of the kind's file). */
  run(event: unknown, ctx: RequestContext): Promise<unknown>;
  readonly fails: KindFailures;
  /**
   * The answer as it leaves the Lambda, whether `run` or `fails` made it: every string through the
   * invocation's secret registry (see `scrub-answer.ts`), in the envelope the caller expects.
   */
  shape(answer: unknown, secrets: Scrubber, event: unknown): unknown;
}

/** The registry the gateway routes by: the entries in the order they are asked. */
export interface RequestKinds {
  readonly entries: readonly RequestKindEntry[];
  /** The entry for `event`, or undefined when no entry recognises or claims it. */
  kindOf(event: unknown): RequestKindEntry | undefined;
  /** What the function answers, in words, for the answer to an unrecognised event. */
  readonly describes: string;
}

/** The registry of `entries`: each name once, asked in this order (recognised first, then claimed as malformed). */
export function requestKinds(entries: readonly RequestKindEntry[]): RequestKinds {
  const names = new Set<string>();
  for (const entry of entries) {
    if (entry.name === 'unknown') throw new Error('The request kind name "unknown" is the gateway\'s own, for events no kind recognises');
    if (names.has(entry.name)) throw new Error(`Two request kinds are named ${entry.name}`);
    names.add(entry.name);
  }
  const claiming = entries.filter((entry) => entry.claimsMalformed !== undefined);
  const phrases = entries.map((entry) => entry.describes);
  return {
    entries,
    kindOf(event) {
      if (!isObject(event)) return undefined;
      for (const entry of entries) if (entry.recognises(event)) return entry;
      for (const entry of claiming) if (entry.claimsMalformed?.(event) === true) return entry;
      return undefined;
    },
    describes: phrases.length < 2 ? phrases.join('') : `${phrases.slice(0, -1).join(', ')} and ${phrases.at(-1)}`,
  };
}
