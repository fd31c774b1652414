/**
 * The benchmark's yardstick rows: the bundle in proxy mode against `forwarder.mjs`, a bare `node:http`
 * keep-alive forwarder measured in the same run on the same fake Home Assistant, so that the noise of
 * a busy machine hits both alike. Reps are interleaved (bundle, forwarder, bundle, …) and each figure
 * is the median of its reps, with the spread printed beside it.
 *   1. cold start to the first Discovery answer: at most 1.15 × the forwarder's;
 *   2. warm TurnOn overhead p50: within 0.1 ms of the forwarder's;
 *   3. peak RSS of a fresh process discovering 5,000 entities on Node 24 (the Lambda runtime): ≤ 80 MB.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningHa } from '../../test/fixtures/ha-server.js';
import { discoveryEvent, turnOnEvent } from '../local/events.js';
import { describeAnswer, isErrorAnswer } from '../local/transcript.js';
import { cacheDir, findCached, majorOf, nodePackageFor, NODE_MAJOR } from '../smoke/node24.js';
import { nodeVersion } from '../smoke/smoke-checks.js';
import { coldStart, warmRuns, type BundleTarget } from './measure.js';
import { mb, ms, targetRow, type BenchRow } from './report.js';
import { median } from './stats.js';

/** The yardstick beside this file. */
export const FORWARDER_PATH = join(dirname(fileURLToPath(import.meta.url)), 'forwarder.mjs');

export const COLD_RATIO_TARGET = 1.15;
export const WARM_MARGIN_TARGET_MS = 0.1;
export const PEAK_RSS_TARGET_MB = 80;

const PROXY = { HA_ALEXA_MODE: 'proxy' } as const;

/** `median [min–max]` of a list of milliseconds. */
export function spread(values: readonly number[]): string {
  return `${ms(median(values))} [${ms(Math.min(...values))}–${ms(Math.max(...values))}]`;
}

function answerNote(responses: readonly unknown[]): string | undefined {
  const bad = responses.find((response) => response === null || response === undefined || isErrorAnswer(response));
  return bad === undefined && responses.length > 0 ? undefined : `the answers were errors: ${describeAnswer(bad).slice(0, 120)}`;
}

export interface ForwarderOptions {
  /** The bundle, with the fake Home Assistant it talks to. */
  readonly target: BundleTarget;
  readonly ha: RunningHa;
  readonly token: string;
  /** Interleaved reps of a fresh process each, for the cold start. */
  readonly coldReps: number;
  /** Interleaved reps of one warm process each, and the directives per rep (after `warmup`). */
  readonly warmReps: number;
  readonly warmup: number;
  readonly turnOns: number;
  /** Default: `forwarder.mjs` beside this file. */
  readonly forwarderPath?: string;
}

/** Cold start and warm TurnOn overhead of the bundle (proxy mode) and of the forwarder, interleaved. */
export async function forwarderRows(options: ForwarderOptions): Promise<BenchRow[]> {
  const bundle: BundleTarget = { ...options.target, env: { ...options.target.env, ...PROXY } };
  const forwarder: BundleTarget = { ...options.target, indexPath: options.forwarderPath ?? FORWARDER_PATH };
  const cold = { bundle: [] as number[], forwarder: [] as number[], bundleImport: [] as number[], forwarderImport: [] as number[], answers: [] as unknown[] };
  for (let rep = 0; rep < options.coldReps; rep += 1) {
    const ours = await coldStart(bundle, discoveryEvent(options.token), 1);
    const theirs = await coldStart(forwarder, discoveryEvent(options.token), 1);
    cold.bundle.push(ours.firstAnswerMs);
    cold.bundleImport.push(ours.importMs);
    cold.forwarder.push(theirs.firstAnswerMs);
    cold.forwarderImport.push(theirs.importMs);
    cold.answers.push(ours.lastResponse, theirs.lastResponse);
  }
  const warm = { bundle: [] as number[], forwarder: [] as number[], answers: [] as unknown[] };
  for (let rep = 0; rep < options.warmReps; rep += 1) {
    const ours = await warmRuns(bundle, options.ha, turnOnEvent('light.kitchen', options.token), options.warmup, options.turnOns);
    const theirs = await warmRuns(forwarder, options.ha, turnOnEvent('light.kitchen', options.token), options.warmup, options.turnOns);
    warm.bundle.push(ours.overhead.median);
    warm.forwarder.push(theirs.overhead.median);
    warm.answers.push(ours.lastResponse, theirs.lastResponse);
  }
  const ratio = median(cold.bundle) / median(cold.forwarder);
  const margin = median(warm.bundle) - median(warm.forwarder);
  return [
    targetRow(
      {
        id: 'coldStartVsForwarder',
        measure: `Cold start to the first Discovery answer, proxy mode, against a bare node:http forwarder (${options.coldReps} interleaved reps)`,
        result: `${ratio.toFixed(2)} ×: ${spread(cold.bundle)} vs ${spread(cold.forwarder)}; import ${ms(median(cold.bundleImport))} vs ${ms(median(cold.forwarderImport))}`,
        value: ratio,
        note: answerNote(cold.answers),
      },
      '<=',
      COLD_RATIO_TARGET,
      `${COLD_RATIO_TARGET} × the forwarder`,
    ),
    targetRow(
      {
        id: 'warmTurnOnVsForwarder',
        measure: `Warm TurnOn overhead p50, proxy mode, against the forwarder (${options.warmReps} interleaved reps of ${options.turnOns})`,
        result: `${margin >= 0 ? '+' : '−'}${ms(Math.abs(margin))}: ${spread(warm.bundle)} vs ${spread(warm.forwarder)}`,
        value: margin,
        note: answerNote(warm.answers),
      },
      '<=',
      WARM_MARGIN_TARGET_MS,
      `the forwarder's + ${WARM_MARGIN_TARGET_MS} ms`,
    ),
  ];
}

/**
 * A Node 24 binary to measure memory with: `nodePath` itself when it is Node 24, else the one
 * `tsx scripts/smoke/node24.ts` keeps in its cache (never fetched here); undefined when there is none.
 */
export function findNode24(nodePath: string): string | undefined {
  if (majorOf(nodeVersion(nodePath)) === NODE_MAJOR) return nodePath;
  try {
    return findCached(cacheDir(), nodePackageFor(process.platform, process.arch))?.path;
  } catch {
    return undefined;
  }
}

/** Peak RSS of fresh Node 24 processes each answering one Discovery of the states the fake holds now. */
export async function peakRssNode24Row(target: BundleTarget, token: string, node24: string | undefined, runs: number, count: number): Promise<BenchRow> {
  const measure = `Peak RSS of a fresh process discovering ${count.toLocaleString('en-US')} entities on Node ${NODE_MAJOR}`;
  const limit = `${PEAK_RSS_TARGET_MB} MB`;
  if (node24 === undefined) {
    return { id: 'peakRss5000Node24', measure, result: `not measured: no Node ${NODE_MAJOR} (pass --node, or run tsx scripts/smoke/node24.ts once)`, target: `≤ ${limit}`, ok: undefined };
  }
  const cold = await coldStart({ ...target, nodePath: node24 }, discoveryEvent(token), runs);
  return targetRow({ id: 'peakRss5000Node24', measure, result: `${mb(cold.peakRssMb)} (${nodeVersion(node24)}, median of ${runs})`, value: cold.peakRssMb, note: answerNote([cold.lastResponse]) }, '<=', PEAK_RSS_TARGET_MB, limit);
}
