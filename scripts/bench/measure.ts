/**
 * The benchmark's measurements. The bundle always runs in a fresh child process (as on Lambda), the
 * fake Home Assistant in this one, so neither disturbs the other's timings or memory.
 */
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { RunningHa } from '../../test/fixtures/ha-server.js';
import { LambdaChild } from '../smoke/lambda-child.js';
import { median, overheads, summarize, type Summary } from './stats.js';

export interface BundleTarget {
  readonly nodePath: string;
  readonly indexPath: string;
  readonly haUrl: string;
  readonly token: string;
  /** Extra environment for the child (e.g. `HA_ALEXA_MODE`). */
  readonly env?: Readonly<Record<string, string>>;
}

function childEnv(target: BundleTarget, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    HOME_ASSISTANT_URL: target.haUrl,
    HOME_ASSISTANT_TOKEN: target.token,
    USE_PARAMETER_STORE: 'false',
    ...target.env,
    ...extra,
  };
}

/** Milliseconds from `spawn()` to the process's exit, median of `runs`. */
export async function spawnToExit(nodePath: string, args: readonly string[], runs: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(nodePath, args, { stdio: 'ignore', env: { PATH: process.env.PATH } });
      child.on('error', reject);
      child.on('exit', (status) => resolve(status));
    });
    if (code !== 0) throw new Error(`${nodePath} ${args.join(' ')} exited with ${code}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Cold import of the bundle: a process that only imports it, against a bare `node -e ''`. */
export async function coldImport(nodePath: string, indexPath: string, runs: number): Promise<{ bareMs: number; importMs: number; aboveBareMs: number }> {
  const importArgs = ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(indexPath).href)})`];
  // Interleave warm-up runs so the file cache is equally warm for both.
  await spawnToExit(nodePath, ['-e', ''], 1);
  await spawnToExit(nodePath, importArgs, 1);
  const bareMs = await spawnToExit(nodePath, ['-e', ''], runs);
  const importMs = await spawnToExit(nodePath, importArgs, runs);
  return { bareMs, importMs, aboveBareMs: importMs - bareMs };
}

export interface ColdStart {
  /** Median ms from `spawn()` until the answer to the first event arrived. */
  readonly firstAnswerMs: number;
  /** Median ms the import of `index.mjs` took inside the child. */
  readonly importMs: number;
  /** Median peak RSS of the child, in MB. */
  readonly peakRssMb: number;
  /** The last run's answer, to check the runs were not errors. */
  readonly lastResponse: unknown;
}

/** Fresh processes, each answering one event; `indexPath` `--bare` measures the runner alone. */
export async function coldStart(target: BundleTarget, event: unknown, runs: number, env: Readonly<Record<string, string>> = {}): Promise<ColdStart> {
  const firsts: number[] = [];
  const imports: number[] = [];
  const rss: number[] = [];
  let lastResponse: unknown;
  for (let run = 0; run < runs; run += 1) {
    const child = new LambdaChild({ nodePath: target.nodePath, indexPath: target.indexPath, env: childEnv(target, env) });
    try {
      // Written at once: the child reads it as soon as the bundle is imported, as Lambda's runtime does.
      const answer = child.invoke(event);
      // If the bundle fails to load, `ready` reports why and this answer never comes: do not leave it unhandled.
      answer.catch(() => undefined);
      const ready = await child.ready();
      if (ready.error !== undefined) throw new Error(`the bundle does not load: ${ready.error}`);
      const result = await answer;
      if (result.error !== undefined) throw new Error(`the handler threw: ${result.error}`);
      firsts.push(result.receivedAt - child.spawnedAt);
      lastResponse = result.response;
      imports.push(Number(ready.importMs));
      rss.push((await child.finish()).maxRssKb / 1024);
    } finally {
      child.kill();
    }
  }
  return { firstAnswerMs: median(firsts), importMs: median(imports), peakRssMb: median(rss), lastResponse };
}

export interface WarmResult {
  /** Handler overhead per run (wall minus Home Assistant time), ms. */
  readonly overhead: Summary;
  /** Wall time around handler() per run, Home Assistant included, ms. */
  readonly wall: Summary;
  /** Home Assistant time per run as the handler measured it, ms (median). */
  readonly haMs: number;
  /** The fake's own service time per run, ms (mean), measured inside the fake server. */
  readonly fakeServiceMs: number;
  readonly peakRssMb: number;
  /** The last answer, to check the runs were not all errors. */
  readonly lastResponse: unknown;
}

/** One warm process: `warmup` runs thrown away, then `iterations` runs of the same event. */
export async function warmRuns(
  target: BundleTarget,
  ha: RunningHa,
  event: unknown,
  warmup: number,
  iterations: number,
  env: Readonly<Record<string, string>> = {},
): Promise<WarmResult> {
  const child = new LambdaChild({ nodePath: target.nodePath, indexPath: target.indexPath, env: childEnv(target, env), timeoutMs: 120_000 });
  try {
    const ready = await child.ready();
    if (ready.error !== undefined) throw new Error(`the bundle does not load: ${ready.error}`);
    if (warmup > 0) await child.invoke(event, warmup);
    const before = { ...ha.stats };
    const result = await child.invoke(event, iterations);
    if (result.error !== undefined) throw new Error(`the handler threw: ${result.error}`);
    const fakeServiceMs = (ha.stats.serviceMs - before.serviceMs) / iterations;
    const done = await child.finish();
    return {
      overhead: summarize(overheads(result.samples)),
      wall: summarize(result.samples.map(([wallMs]) => wallMs)),
      haMs: median(result.samples.map(([, haMs]) => haMs)),
      fakeServiceMs,
      peakRssMb: done.maxRssKb / 1024,
      lastResponse: result.response,
    };
  } finally {
    child.kill();
  }
}
