/**
 * Runs every benchmark measurement against a built bundle and returns the rows of the report.
 * `scripts/bench/index.ts` is the command line around it.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FakeHomeAssistant } from '../../test/fixtures/fake-home-assistant.js';
import { demoStates, syntheticStates } from '../../test/fixtures/demo-home.js';
import { startHaServer } from '../../test/fixtures/ha-server.js';
import type { Io } from '../shared/io.js';
import { discoveryEvent, turnOnEvent } from '../local/events.js';
import { describeAnswer, isErrorAnswer } from '../local/transcript.js';
import { messageOf } from '../local/handler.js';
import { nodeVersion } from '../smoke/smoke-checks.js';
import { findNode24, forwarderRows, peakRssNode24Row } from './forwarder-rows.js';
import { exposureRow } from './exposure-rows.js';
import { coldImport, coldStart, warmRuns, type BundleTarget, type WarmResult } from './measure.js';
import { kb, markdownReport, mb, ms, targetRow, type BenchRow } from './report.js';

export interface BenchCounts {
  readonly coldRuns: number;
  readonly warmup: number;
  readonly turnOns: number;
  readonly discovery300: number;
  readonly discovery5000: number;
  readonly utterances: number;
  /** Interleaved warm reps of the bundle and the forwarder (each `turnOns / forwarderWarmReps` directives). */
  readonly forwarderWarmReps: number;
  /** Interleaved pairs of warm processes (filter, assist) for the `HA_EXPOSURE=assist` Discovery row. */
  readonly exposurePairs: number;
}

export const FULL_COUNTS: BenchCounts = { coldRuns: 7, warmup: 50, turnOns: 500, discovery300: 40, discovery5000: 12, utterances: 200, forwarderWarmReps: 3, exposurePairs: 3 };
/** A pass over every measurement in a few seconds (`--quick`, tests): the figures are rough. */
export const QUICK_COUNTS: BenchCounts = { coldRuns: 1, warmup: 2, turnOns: 20, discovery300: 2, discovery5000: 1, utterances: 5, forwarderWarmReps: 1, exposurePairs: 1 };

export interface BenchOptions {
  readonly nodePath: string;
  /** Folder holding `index.mjs`, `chunks/` and `lambda.zip`. */
  readonly distDir: string;
  readonly counts: BenchCounts;
  /** Progress lines (stderr in the command line). */
  readonly progress: Io['err'];
  /** Where helper modules such as `custom-skill.ts` are looked up; default: this folder. */
  readonly benchDir?: string;
  /** Measurement groups to run; default all. */
  readonly parts?: readonly BenchPart[];
  /** Node 24 binary for the peak RSS row at 5,000 entities; default {@link findNode24}. */
  readonly node24?: () => string | undefined;
}

export const BENCH_PARTS = ['coldImport', 'coldStart', 'warm', 'forwarder', 'discovery', 'customSkill'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export interface BenchOutcome {
  readonly rows: BenchRow[];
  /** Context printed under the table: what was subtracted, the fake's own time, the machine. */
  readonly notes: string[];
}

const TOKEN = 'bench-token-5d1c8e';
const HERE = dirname(fileURLToPath(import.meta.url));

function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    if (stat.isDirectory()) total += bytesUnder(path);
    else if (name.endsWith('.mjs')) total += stat.size;
  }
  return total;
}

/** The canned answer the fake gives in proxy mode, as Home Assistant's `/api/alexa/smart_home` would. */
export function cannedProxyAnswer(event: unknown): { status: number; body: unknown } {
  const directive = (event as { directive?: { header?: { correlationToken?: string }; endpoint?: { endpointId?: string } } }).directive;
  return {
    status: 200,
    body: {
      event: {
        header: { namespace: 'Alexa', name: 'Response', payloadVersion: '3', messageId: 'proxy-answer', correlationToken: directive?.header?.correlationToken },
        endpoint: { endpointId: directive?.endpoint?.endpointId ?? 'light#kitchen' },
        payload: {},
      },
      context: { properties: [{ namespace: 'Alexa.PowerController', name: 'powerState', value: 'ON', timeOfSample: '2026-01-01T12:00:00Z', uncertaintyInMilliseconds: 0 }] },
    },
  };
}

function errorNote(result: WarmResult): string | undefined {
  return isErrorAnswer(result.lastResponse) ? `the answers were errors: ${describeAnswer(result.lastResponse).slice(0, 120)}` : undefined;
}

function replaceStates(fake: FakeHomeAssistant, count: number | undefined): void {
  fake.states.clear();
  for (const entity of count === undefined ? demoStates() : syntheticStates(count)) fake.states.set(entity.entity_id, entity);
}

/** Every measurement, in order; a part that fails becomes a ✗ row with the reason, the rest still runs. */
export async function runBench(options: BenchOptions): Promise<BenchOutcome> {
  const { counts, progress } = options;
  const indexPath = join(options.distDir, 'index.mjs');
  const zipPath = join(options.distDir, 'lambda.zip');
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const fake = new FakeHomeAssistant({ states: demoStates(), tokens: [TOKEN] });
  fake.smartHome = cannedProxyAnswer;
  const ha = await startHaServer(fake);
  const target: BundleTarget = { nodePath: options.nodePath, indexPath, haUrl: ha.url, token: TOKEN };
  const parts = new Set<BenchPart>(options.parts ?? BENCH_PARTS);
  const attempt = async (id: string, measure: string, work: () => Promise<void>): Promise<void> => {
    progress(`  ${measure} ...`);
    try {
      await work();
    } catch (error) {
      rows.push({ id, measure, result: 'failed', target: '–', ok: false, note: messageOf(error).slice(0, 200) });
    }
  };

  try {
    const bundleBytes = bytesUnder(options.distDir);
    const entryBytes = statSync(indexPath).size;
    rows.push({ id: 'bundleBytes', measure: 'Bundle (index.mjs + chunks)', result: `${kb(bundleBytes)} (index.mjs ${kb(entryBytes)})`, target: '–', ok: undefined, value: bundleBytes });
    const zipBytes = existsSync(zipPath) ? statSync(zipPath).size : Number.NaN;
    rows.push(targetRow({ id: 'zipBytes', measure: 'dist/lambda.zip', result: `${kb(zipBytes)} (${zipBytes} bytes)`, value: zipBytes }, '<', 400 * 1024, '400 KB'));

    if (parts.has('coldImport')) await attempt('coldImport', "Cold import of index.mjs above a bare node -e ''", async () => {
      const cold = await coldImport(options.nodePath, indexPath, counts.coldRuns);
      rows.push(
        targetRow(
          { id: 'coldImport', measure: "Cold import of index.mjs above a bare node -e ''", result: `+${ms(cold.aboveBareMs)} (${ms(cold.importMs)} vs ${ms(cold.bareMs)})`, value: cold.aboveBareMs },
          '<=',
          40,
          '40 ms',
        ),
      );
    });

    if (parts.has('coldStart')) await attempt('coldStart', 'Cold start to the first Discovery answer', async () => {
      const bare = await coldStart({ ...target, indexPath: '--bare' }, discoveryEvent(TOKEN), counts.coldRuns);
      notes.push(`Cold starts are measured from spawn() to the answer's arrival, median of ${counts.coldRuns} fresh processes; a bare runner process that imports nothing answers after ${ms(bare.firstAnswerMs)}.`);
      for (const lugs of ['true', 'false'] as const) {
        const cold = await coldStart(target, discoveryEvent(TOKEN), counts.coldRuns, { LUGS_ENABLED: lugs });
        rows.push({
          id: `coldStartLugs${lugs === 'true' ? 'On' : 'Off'}`,
          measure: `Cold start to the first Discovery answer, LUGS ${lugs === 'true' ? 'on' : 'off'}`,
          result: `${ms(cold.firstAnswerMs)} (+${ms(cold.firstAnswerMs - bare.firstAnswerMs)} over a bare process; import ${ms(cold.importMs)}); peak RSS ${mb(cold.peakRssMb)}`,
          target: '–',
          ok: undefined,
          value: cold.firstAnswerMs,
        });
      }
    });

    for (const mode of parts.has('warm') ? (['native', 'proxy'] as const) : []) {
      const measure = `Warm TurnOn overhead, ${mode} mode (${counts.turnOns} directives)`;
      await attempt(`warmTurnOn_${mode}`, measure, async () => {
        const warm = await warmRuns(target, ha, turnOnEvent('light.kitchen', TOKEN), counts.warmup, counts.turnOns, { HA_ALEXA_MODE: mode });
        rows.push(
          targetRow(
            { id: `warmTurnOn_${mode}`, measure, result: `${ms(warm.overhead.median)} median, ${ms(warm.overhead.p99)} p99`, value: warm.overhead.median, note: errorNote(warm) },
            '<',
            1,
            '1 ms median',
          ),
        );
        notes.push(`TurnOn, ${mode}: Home Assistant took ${ms(warm.haMs)} per directive (subtracted); the fake's own service time was ${ms(warm.fakeServiceMs)} per directive.`);
      });
    }

    if (parts.has('forwarder')) await attempt('forwarder', 'Against a bare node:http forwarder (scripts/bench/forwarder.mjs)', async () => {
      const warmReps = Math.max(1, counts.forwarderWarmReps);
      const turnOns = Math.max(1, Math.round(counts.turnOns / warmReps));
      rows.push(...(await forwarderRows({ target, ha, token: TOKEN, coldReps: counts.coldRuns, warmReps, warmup: counts.warmup, turnOns })));
      notes.push('Against the forwarder: the same fake Home Assistant, reps interleaved (bundle, forwarder, bundle, …), median [min–max] of the reps.');
    });

    const sizes = [[300, counts.discovery300, 5], [5000, counts.discovery5000, 60]] as const;
    for (const [count, runs, limit] of parts.has('discovery') ? sizes : []) {
      const measure = `Discovery overhead, ${count.toLocaleString('en-US')} entities, native (${runs} run${runs === 1 ? '' : 's'})`;
      await attempt(`discovery${count}`, measure, async () => {
        replaceStates(fake, count);
        const warm = await warmRuns(target, ha, discoveryEvent(TOKEN), Math.min(3, counts.warmup), runs);
        rows.push(
          targetRow(
            { id: `discovery${count}`, measure, result: `${ms(warm.overhead.median)} median, ${ms(warm.overhead.p99)} p99`, value: warm.overhead.median, note: errorNote(warm) },
            '<=',
            limit,
            `${limit} ms median`,
          ),
        );
        notes.push(`Discovery of ${count} entities: Home Assistant took ${ms(warm.haMs)} (subtracted); the fake's own service time was ${ms(warm.fakeServiceMs)}.`);
        if (count === 5000) {
          // Peak RSS of a fresh process answering one Discovery, as a Lambda container's first request;
          // a process that has answered many (above) lets V8 grow its heap lazily and peaks higher.
          const cold = await coldStart(target, discoveryEvent(TOKEN), Math.max(1, Math.min(3, counts.coldRuns)));
          rows.push(
            targetRow(
              { id: 'peakRss5000', measure: 'Peak RSS of a fresh process discovering 5,000 entities', result: mb(cold.peakRssMb), value: cold.peakRssMb, note: errorNote(warm) },
              '<',
              80,
              '80 MB (issue 3: 90 MB)',
            ),
          );
          const node24 = (options.node24 ?? (() => findNode24(options.nodePath)))();
          rows.push(await peakRssNode24Row(target, TOKEN, node24, Math.max(1, Math.min(3, counts.coldRuns)), count));
          notes.push(`Peak RSS after ${runs} Discoveries of 5,000 entities in one warm process: ${mb(warm.peakRssMb)} (V8 grows its heap lazily; Lambda caps it by the function's memory size).`);
        }
      });
    }
    if (parts.has('discovery')) await attempt('discovery300Assist', 'Discovery, 300 entities, HA_EXPOSURE=assist over filter', async () => {
      replaceStates(fake, 300);
      const { row, note } = await exposureRow({ target, ha, fake, token: TOKEN, warmup: Math.min(3, counts.warmup), runs: counts.discovery300 }, counts.exposurePairs);
      rows.push(row);
      notes.push(note);
    });
    replaceStates(fake, undefined);
    fake.registry.entries.clear();

    if (parts.has('customSkill')) rows.push(...(await customSkillRows(options.benchDir ?? HERE, { handlerPath: indexPath, haUrl: ha.url, iterations: counts.utterances, token: TOKEN, nodePath: options.nodePath }, progress)));
  } finally {
    await ha.close();
  }
  notes.push(
    "Overhead = wall time around handler() inside the child minus the Home Assistant time the handler measured itself (sum of its log line's haCalls[].ms, to the response headers); reading and parsing the body count as overhead.",
  );
  return { rows, notes };
}

/** Rows from helper C's `custom-skill.ts` (`benchCustomSkill`), or one row saying it is not there yet. */
export interface CustomSkillOptions {
  readonly handlerPath: string;
  readonly haUrl: string;
  readonly iterations: number;
  /** Bearer token the fake at `haUrl` accepts. */
  readonly token?: string;
  readonly nodePath?: string;
}

export async function customSkillRows(benchDir: string, options: CustomSkillOptions, progress: Io['err']): Promise<BenchRow[]> {
  const file = join(benchDir, 'custom-skill.ts');
  const measure = 'Custom skill benchmark (scripts/bench/custom-skill.ts)';
  if (!existsSync(file)) return [{ id: 'customSkill', measure, result: 'not available yet', target: '–', ok: undefined }];
  progress(`  ${measure} ...`);
  try {
    const module = (await import(pathToFileURL(file).href)) as { benchCustomSkill?: (options: CustomSkillOptions) => Promise<unknown> };
    if (typeof module.benchCustomSkill !== 'function') return [{ id: 'customSkill', measure, result: 'not available yet', target: '–', ok: undefined, note: 'no benchCustomSkill export' }];
    return toRows(await module.benchCustomSkill(options));
  } catch (error) {
    return [{ id: 'customSkill', measure, result: 'failed', target: '–', ok: false, note: messageOf(error).slice(0, 200) }];
  }
}

/** Accepts rows in this report's shape, or a plain `{ name: value }` object. */
function toRows(value: unknown): BenchRow[] {
  const list = Array.isArray(value) ? value : typeof value === 'object' && value !== null && Array.isArray((value as { rows?: unknown }).rows) ? (value as { rows: unknown[] }).rows : undefined;
  if (list !== undefined) {
    return list.map((item, index) => {
      const row = item as Partial<BenchRow> & { value?: unknown };
      return {
        id: row.id ?? `customSkill${index}`,
        measure: row.measure ?? `Custom skill ${index + 1}`,
        result: row.result ?? String(row.value),
        target: row.target ?? '–',
        ok: row.ok,
        ...(typeof row.value === 'number' ? { value: row.value } : {}),
      };
    });
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).map(([key, inner]) => ({ id: `customSkill_${key}`, measure: `Custom skill: ${key}`, result: typeof inner === 'number' ? ms(inner) : JSON.stringify(inner), target: '–', ok: undefined }));
  }
  return [{ id: 'customSkill', measure: 'Custom skill benchmark', result: String(value), target: '–', ok: undefined }];
}

export const BENCH_USAGE = 'Usage: npm run bench [-- --node /path/to/node] [--quick]';

/**
 * The command line (`scripts/bench/index.ts`): prints the Markdown table and notes, writes
 * `<distDir>/bench.json`. Returns 0 unless the benchmark could not run (targets missed are not failures).
 */
export async function benchCli(argv: readonly string[], io: Io, distDir: string, benchDir?: string): Promise<number> {
  let nodePath = process.execPath;
  let quick = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const value = argv[index + 1];
    if (arg === '--quick') quick = true;
    else if (arg === '--node' && value !== undefined) {
      nodePath = value;
      index += 1;
    } else {
      const help = arg === '--help' || arg === '-h';
      io.err(help ? BENCH_USAGE : `Unexpected argument ${String(arg)}\n${BENCH_USAGE}`);
      return help ? 0 : 2;
    }
  }
  if (!existsSync(join(distDir, 'index.mjs'))) {
    io.err(`${join(distDir, 'index.mjs')} does not exist: run npm run build first`);
    return 1;
  }
  try {
    const version = nodeVersion(nodePath);
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`;
    io.err(`Benchmarking ${distDir} on Node ${version}, ${machine}${quick ? ' (--quick: rough figures)' : ''} ...`);
    const started = performance.now();
    const { rows, notes } = await runBench({ nodePath, distDir, counts: quick ? QUICK_COUNTS : FULL_COUNTS, progress: (line) => io.err(line), benchDir });
    const seconds = (performance.now() - started) / 1000;
    const withTarget = rows.filter((row) => row.ok !== undefined);
    const date = new Date().toISOString();
    io.out('');
    io.out(`Benchmark of dist/ on Node ${version}, ${machine}, ${date.slice(0, 10)}${quick ? ' (--quick)' : ''}:`);
    io.out('');
    io.out(markdownReport(rows));
    io.out('');
    for (const note of notes) io.out(`- ${note}`);
    io.out('');
    io.out(`${withTarget.filter((row) => row.ok === true).length} of ${withTarget.length} targets met; took ${seconds.toFixed(0)} s.`);
    writeFileSync(join(distDir, 'bench.json'), `${JSON.stringify({ node: version, machine, date, quick, seconds, rows, notes }, null, 2)}\n`);
    io.out(`Written: ${join(distDir, 'bench.json')}`);
    return 0;
  } catch (error) {
    io.err(`bench failed: ${messageOf(error)}`);
    return 1;
  }
}
