/**
 * The Custom skill's benchmark rows, called by the runner (`run.ts`) as `benchCustomSkill()`:
 *   1. warm overhead per utterance, excluding Home Assistant's time, for a first utterance and for a
 *      follow-up turn that carries `conversation_id` (target: under 2 ms median);
 *   2. cold start of a first ConversationIntent in a fresh process with LUGS on;
 *   3. the Custom skill chunk's size and import time, and what it costs a Smart Home cold start:
 *      nothing with LUGS on, as long as the bundle reaches the chunk only through `import()`.
 * The bundle always runs in fresh child processes (as on Lambda); Home Assistant is the fake in this one.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FakeHomeAssistant } from '../../test/fixtures/fake-home-assistant.js';
import { startHaServer, type RunningHa } from '../../test/fixtures/ha-server.js';
import { customSkillEvent, LOCAL_SKILL_ID } from '../local/events.js';
import { coldStart, warmRuns, type BundleTarget } from './measure.js';
import { kb, ms, targetRow, type BenchRow } from './report.js';
import { median } from './stats.js';
import { PHRASES } from '../../src/alexa/custom-skill/phrases.js';

export interface CustomSkillBenchOptions {
  /** The bundle's `index.mjs`; its chunks are in `chunks/` beside it. */
  readonly handlerPath: string;
  /** A running Home Assistant (the runner's fake); used only with `token`, else a fake of our own starts. */
  readonly haUrl: string;
  /** Utterances per warm measurement. */
  readonly iterations: number;
  /** Bearer token `haUrl` accepts. */
  readonly token?: string;
  readonly nodePath?: string;
}

export interface CustomSkillBench {
  readonly rows: BenchRow[];
  readonly warmMedianMs: number;
  readonly warmP99Ms: number;
  readonly followUpMedianMs: number;
  /** spawn() to the first ConversationIntent answer, LUGS on (median). */
  readonly coldStartMs: number;
  /** The same, above a bare runner process that imports nothing. */
  readonly coldStartAboveBareMs: number;
  readonly chunkBytes: number;
  /** Importing the Custom skill chunk after index.mjs, in a fresh process (median). */
  readonly chunkImportMs: number;
  /** What the Custom skill adds to a Smart Home cold start with LUGS on: 0 when it is only lazily imported. */
  readonly smartHomeColdCostMs: number;
}

/** The skill's own failure sentences: an answer among them means the runs measured an error path. */
const FAILURES: ReadonlySet<unknown> = new Set<unknown>(Object.values(PHRASES).filter((phrase) => typeof phrase === 'string' && phrase !== PHRASES.done));

/** Why the measured answers cannot be trusted, or undefined when they are real replies. */
export function failureNote(response: unknown): string | undefined {
  const ssml = (response as { response?: { outputSpeech?: { ssml?: unknown } } } | undefined)?.response?.outputSpeech?.ssml;
  if (typeof ssml !== 'string') return 'the answers carried no speech';
  const text = ssml.replace(/^<speak>|<\/speak>$/g, '').replace(/&apos;/g, "'");
  return FAILURES.has(text) ? `the answers were failures: ${text}` : undefined;
}

const OWN_TOKEN = 'custom-skill-bench-token-4f2a';
const UTTERANCE = 'turn on the kitchen light';

/** The Custom skill chunk (`chunks/handle-request-*.mjs`) of a built bundle. */
export function findCustomSkillChunk(indexPath: string): string {
  const dir = join(dirname(indexPath), 'chunks');
  const name = readdirSync(dir).find((file) => file.startsWith('handle-request-') && file.endsWith('.mjs'));
  if (name === undefined) throw new Error(`no chunks/handle-request-*.mjs beside ${indexPath}: is the Custom skill still loaded lazily (src/lazy.ts)?`);
  return join(dir, name);
}

/** Files of the bundle that import `chunk` statically (so that loading them loads it); empty when it is lazy. */
export function staticImporters(indexPath: string, chunk: string): string[] {
  const base = chunk.slice(chunk.lastIndexOf('/') + 1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const statically = new RegExp(`(?:from\\s*|import\\s*)['"][^'"]*${base}['"]`);
  const dir = dirname(indexPath);
  const files = [indexPath, ...readdirSync(join(dir, 'chunks')).map((file) => join(dir, 'chunks', file))];
  return files.filter((file) => file !== chunk && file.endsWith('.mjs') && statically.test(readFileSync(file, 'utf8')));
}

/** Fresh processes: import index.mjs, then time importing the chunk. Median of `runs`. */
export async function chunkImportMs(nodePath: string, indexPath: string, chunk: string, runs: number): Promise<number> {
  const script = `
    await import(${JSON.stringify(pathToFileURL(indexPath).href)});
    const started = performance.now();
    await import(${JSON.stringify(pathToFileURL(chunk).href)});
    process.stdout.write(String(performance.now() - started));`;
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(nodePath, ['--input-type=module', '-e', script], { env: { PATH: String(process.env.PATH), HOME_ASSISTANT_URL: 'http://127.0.0.1:9' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (data: Buffer) => (out += data.toString()));
      child.stderr.on('data', (data: Buffer) => (err += data.toString()));
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`importing the chunk failed: ${err.slice(0, 200)}`))));
    });
    times.push(Number(output));
  }
  return median(times);
}

/** A follow-up turn: the same session, carrying Home Assistant's conversation_id. */
function followUpEvent(): Record<string, unknown> {
  const event = customSkillEvent({ type: 'IntentRequest', utterance: 'and the hallway too' });
  const session = event.session as Record<string, unknown>;
  return { ...event, session: { ...session, new: false, attributes: { conversationId: 'bench-conversation' } } };
}

/** Runs the Custom skill measurements; see the module comment. */
export async function benchCustomSkill(options: CustomSkillBenchOptions): Promise<CustomSkillBench> {
  const nodePath = options.nodePath ?? process.execPath;
  const own = options.token === undefined ? await startOwnHa() : undefined;
  const ha: RunningHa | { url: string; stats: RunningHa['stats'] } = own ?? { url: options.haUrl, stats: { serviceMs: 0, requests: 0 } };
  const target: BundleTarget = { nodePath, indexPath: options.handlerPath, haUrl: ha.url, token: options.token ?? OWN_TOKEN, env: { ALEXA_SKILL_ID: LOCAL_SKILL_ID } };
  const warmup = Math.min(50, Math.max(2, Math.floor(options.iterations / 4)));
  // 5 fresh processes for a full run (200 utterances), 1 for a quick one.
  const coldRuns = Math.min(5, Math.max(1, Math.round(options.iterations / 40)));
  try {
    const first = await warmRuns(target, ha as RunningHa, customSkillEvent({ type: 'IntentRequest', utterance: UTTERANCE }), warmup, options.iterations);
    const followUp = await warmRuns(target, ha as RunningHa, followUpEvent(), warmup, options.iterations);
    const bare = await coldStart({ ...target, indexPath: '--bare' }, customSkillEvent({ type: 'LaunchRequest' }), coldRuns);
    const cold = await coldStart(target, customSkillEvent({ type: 'IntentRequest', utterance: UTTERANCE }), coldRuns, { LUGS_ENABLED: 'true' });
    const chunk = findCustomSkillChunk(options.handlerPath);
    const chunkBytes = statSync(chunk).size;
    const importMs = await chunkImportMs(nodePath, options.handlerPath, chunk, coldRuns);
    const importers = staticImporters(options.handlerPath, chunk);
    const lazy = importers.length === 0;
    const smartHomeColdCostMs = lazy ? 0 : importMs;
    const rows: BenchRow[] = [
      targetRow(
        { id: 'customSkillWarm', measure: `Warm Custom skill overhead per utterance, excluding Home Assistant (${options.iterations} utterances)`, result: `${ms(first.overhead.median)} median, ${ms(first.overhead.p99)} p99`, value: first.overhead.median, ...noteOf(first.lastResponse) },
        '<',
        2,
        '2 ms median',
      ),
      targetRow(
        { id: 'customSkillWarmFollowUp', measure: `Warm Custom skill overhead, follow-up turn carrying conversation_id (${options.iterations})`, result: `${ms(followUp.overhead.median)} median, ${ms(followUp.overhead.p99)} p99`, value: followUp.overhead.median, ...noteOf(followUp.lastResponse) },
        '<',
        2,
        '2 ms median',
      ),
      {
        id: 'customSkillColdStart',
        measure: 'Cold start to the first ConversationIntent answer, LUGS on',
        result: `${ms(cold.firstAnswerMs)} (+${ms(cold.firstAnswerMs - bare.firstAnswerMs)} over a bare process; import of index.mjs ${ms(cold.importMs)})`,
        target: '–',
        ok: undefined,
        value: cold.firstAnswerMs,
      },
      { id: 'customSkillChunk', measure: 'Custom skill chunk (loaded on the first Custom skill request)', result: `${kb(chunkBytes)}, imported in ${ms(importMs)}`, target: '–', ok: undefined, value: chunkBytes },
      {
        id: 'customSkillSmartHomeCost',
        measure: 'What the Custom skill adds to a Smart Home cold start, LUGS on',
        result: lazy ? '0 ms: reached only through import()' : `${ms(importMs)}: imported statically by ${importers.map((file) => file.slice(file.lastIndexOf('/') + 1)).join(', ')}`,
        target: '0 ms',
        ok: lazy,
        value: smartHomeColdCostMs,
      },
    ];
    return {
      rows,
      warmMedianMs: first.overhead.median,
      warmP99Ms: first.overhead.p99,
      followUpMedianMs: followUp.overhead.median,
      coldStartMs: cold.firstAnswerMs,
      coldStartAboveBareMs: cold.firstAnswerMs - bare.firstAnswerMs,
      chunkBytes,
      chunkImportMs: importMs,
      smartHomeColdCostMs,
    };
  } finally {
    await own?.close();
  }
}

function noteOf(response: unknown): { note?: string } {
  const note = failureNote(response);
  return note === undefined ? {} : { note };
}

async function startOwnHa(): Promise<RunningHa> {
  const fake = new FakeHomeAssistant({ tokens: [OWN_TOKEN] });
  // A realistic Assist answer that keeps the conversation open, as a follow-up would see.
  fake.conversation = (request) => ({
    response: { speech: { plain: { speech: 'Turned on the kitchen light. Anything else?' } }, response_type: 'action_done', language: request.language ?? 'en', data: { targets: [], success: [], failed: [] } },
    conversation_id: request.conversation_id ?? 'bench-conversation',
    continue_conversation: true,
  });
  return startHaServer(fake);
}
