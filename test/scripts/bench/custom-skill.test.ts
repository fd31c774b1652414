/**
 * Tests for scripts/bench/custom-skill.ts against small stand-ins for dist/: every row is measured,
 * a Custom skill chunk imported statically shows up as a cost to Smart Home cold starts, and answers
 * that are failures are flagged instead of passing for a result.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { benchCustomSkill, chunkImportMs, failureNote, findCustomSkillChunk, staticImporters } from '../../../scripts/bench/custom-skill.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { startHaServer } from '../../fixtures/ha-server.js';

/** A dist/ whose Custom skill chunk asks Home Assistant and speaks its answer (or a fixed sentence). */
function fakeDist(dir: string, options: { lazy?: boolean; speech?: string } = {}): string {
  const chunk = `
export async function handleCustomSkill(event, calls) {
  const started = performance.now();
  const response = await fetch(process.env.HOME_ASSISTANT_URL + '/api/conversation/process', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + process.env.HOME_ASSISTANT_TOKEN, 'content-type': 'application/json' },
    body: JSON.stringify({ text: event.request.intent?.slots?.query?.value ?? '' }),
  });
  const body = await response.json();
  calls.push({ method: 'POST', path: '/api/conversation/process', status: response.status, ms: performance.now() - started });
  const speech = ${JSON.stringify(options.speech ?? null)} ?? body.response?.speech?.plain?.speech ?? 'nothing';
  return { version: '1.0', response: { outputSpeech: { type: 'SSML', ssml: '<speak>' + speech.replace(/'/g, '&apos;') + '</speak>' }, shouldEndSession: true } };
}
`;
  const load = options.lazy === false ? "import * as skill from './chunks/handle-request-fake.mjs';\nconst load = async () => skill;" : "const load = () => import('./chunks/handle-request-fake.mjs');";
  const index = `${load}
export async function handler(event) {
  const calls = [];
  try {
    if (event?.request === undefined) return { version: '1.0', response: {} };
    if (event.request.type !== 'IntentRequest') return { version: '1.0', response: { outputSpeech: { type: 'SSML', ssml: '<speak>Hi</speak>' } } };
    return await (await load()).handleCustomSkill(event, calls);
  } finally {
    process.stdout.write(JSON.stringify({ message: 'invocation', outcome: 'ok', haCalls: calls }) + '\\n');
  }
}
`;
  mkdirSync(join(dir, 'chunks'), { recursive: true });
  writeFileSync(join(dir, 'index.mjs'), index);
  writeFileSync(join(dir, 'chunks', 'handle-request-fake.mjs'), chunk);
  writeFileSync(join(dir, 'chunks', 'other.mjs'), 'export const other = 1;\n');
  return join(dir, 'index.mjs');
}

t.test('measures every row; flags a static import and failed answers; uses the runner\'s Home Assistant', async (t) => {
  // Prepare: three bundles, measured at once to keep the test short.
  const fake = new FakeHomeAssistant({ tokens: ['runner-token-123456'] });
  const ha = await startHaServer(fake);
  t.teardown(() => ha.close());
  const lazy = fakeDist(t.testdir({ lazy: {}, eager: {}, failing: {} }) + '/lazy');
  const eager = fakeDist(lazy.replace('/lazy/index.mjs', '/eager'), { lazy: false });
  const failing = fakeDist(lazy.replace('/lazy/index.mjs', '/failing'), { speech: 'Home Assistant is taking too long, please try again.' });

  // Act
  const [good, statically, failed] = await Promise.all([
    benchCustomSkill({ handlerPath: lazy, haUrl: 'http://127.0.0.1:9', iterations: 5 }),
    benchCustomSkill({ handlerPath: eager, haUrl: 'http://127.0.0.1:9', iterations: 3 }),
    benchCustomSkill({ handlerPath: failing, haUrl: ha.url, iterations: 3, token: 'runner-token-123456' }),
  ]);

  // Assess
  t.same(good.rows.map((row) => row.id), ['customSkillWarm', 'customSkillWarmFollowUp', 'customSkillColdStart', 'customSkillChunk', 'customSkillSmartHomeCost']);
  for (const value of [good.warmMedianMs, good.warmP99Ms, good.followUpMedianMs, good.coldStartMs, good.chunkImportMs]) t.ok(Number.isFinite(value) && value >= 0, String(value));
  t.ok(good.coldStartMs > good.coldStartAboveBareMs, 'the bare process is subtracted');
  t.match(good.rows[0], { target: '< 2 ms median', result: /ms median, .* p99/ });
  t.equal(good.rows[0]?.note, undefined, "the fake bundle spoke Home Assistant's answer, not a failure");
  t.match(good.rows[3], { result: /^0\.\d KB, imported in [\d.]+ ms$/ });
  t.match(good.rows[4], { result: '0 ms: reached only through import()', ok: true, value: 0 });
  t.equal(good.smartHomeColdCostMs, 0);

  t.same(staticImporters(eager, findCustomSkillChunk(eager)), [eager]);
  t.equal(statically.smartHomeColdCostMs, statically.chunkImportMs);
  t.match(statically.rows[4], { ok: false, result: /imported statically by index\.mjs/ });

  t.match(failed.rows[0], { ok: false, note: 'the answers were failures: Home Assistant is taking too long, please try again.' });
  t.ok(fake.requests.length > 0 && fake.requests.every((request) => request.token === 'runner-token-123456'), "the runner's Home Assistant and token were used");
});

t.test('a failure sentence, or no speech at all, is not a result', (t) => {
  t.equal(failureNote({ version: '1.0', response: {} }), 'the answers carried no speech');
  t.equal(failureNote({ version: '1.0', response: { outputSpeech: { ssml: '<speak>Done.</speak>' } } }), undefined, '"Done." is a real answer');
  t.match(failureNote({ version: '1.0', response: { outputSpeech: { ssml: "<speak>Sorry, something went wrong. Please try again.</speak>" } } }), /failures/);
  t.end();
});

t.test('a chunk that cannot be imported is an error, not a figure', async (t) => {
  const dir = t.testdir({ 'index.mjs': 'export const ok = 1;\n', chunks: { 'handle-request-x.mjs': "throw new Error('broken chunk');\n" } });
  await t.rejects(chunkImportMs(process.execPath, join(dir, 'index.mjs'), join(dir, 'chunks', 'handle-request-x.mjs'), 1), /importing the chunk failed: .*broken chunk/s);
});

t.test('a bundle without the Custom skill chunk is an error that says why', (t) => {
  const dir = t.testdir({ 'index.mjs': 'export async function handler() { return {}; }\n', chunks: {} });
  t.throws(() => findCustomSkillChunk(join(dir, 'index.mjs')), /no chunks\/handle-request-\*\.mjs beside .*: is the Custom skill still loaded lazily/);
  t.end();
});
