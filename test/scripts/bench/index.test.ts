/**
 * Tests for the benchmark (scripts/bench/): its statistics, the report against targets, and a quick
 * pass over every measurement against a small fake bundle (the real one is measured by npm run bench).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createRecordingIo } from '../../../scripts/shared/io.js';
import { assertAlexaValid } from '../../fixtures/alexa-schema.js';
import { spawnToExit } from '../../../scripts/bench/measure.js';
import { kb, mark, markdownReport, mb, ms, targetRow, type BenchRow } from '../../../scripts/bench/report.js';
import { benchCli, cannedProxyAnswer, customSkillRows, QUICK_COUNTS, runBench } from '../../../scripts/bench/run.js';
import { median, overheads, percentile, summarize } from '../../../scripts/bench/stats.js';
import { turnOnEvent } from '../../../scripts/local/events.js';
import { writeFakeDist } from '../smoke/smoke-fake-bundle.js';

// These tests spawn Node processes and run loopback servers: give them room on a busy 2-core machine.
t.setTimeout(120_000);

t.test('median and nearest-rank percentiles', (t) => {
  const cases: [number[], number, number][] = [
    // values, median, p99
    [[5], 5, 5],
    [[3, 1, 2], 2, 3],
    [[4, 1, 3, 2], 2.5, 4],
    [Array.from({ length: 100 }, (_, i) => i + 1), 50.5, 99],
    [Array.from({ length: 500 }, (_, i) => 500 - i), 250.5, 495],
  ];
  for (const [values, expectedMedian, expectedP99] of cases) {
    t.equal(median(values), expectedMedian, `median of ${values.length}`);
    t.equal(percentile(values, 99), expectedP99, `p99 of ${values.length}`);
  }
  t.ok(Number.isNaN(median([])));
  t.ok(Number.isNaN(percentile([], 50)));
  t.equal(percentile([7, 8], 0), 7, 'p0 is the smallest');
  t.same(summarize([2, 1, 3]), { n: 3, median: 2, p99: 3, min: 1, max: 3 });
  t.match(summarize([]), { n: 0, min: NaN, max: NaN });
  t.end();
});

t.test('overhead is wall time minus the Home Assistant time, never negative', (t) => {
  t.same(overheads([[5, 4], [1.5, 0], [2, 3]]), [1, 1.5, 0]);
  t.end();
});

t.test('each figure is compared with its target; a note about bad answers makes it a miss', (t) => {
  t.match(targetRow({ id: 'a', measure: 'm', result: 'r', value: 0.9 }, '<', 1, '1 ms'), { ok: true, target: '< 1 ms' });
  t.match(targetRow({ id: 'a', measure: 'm', result: 'r', value: 1 }, '<', 1, '1 ms'), { ok: false });
  t.match(targetRow({ id: 'a', measure: 'm', result: 'r', value: 40 }, '<=', 40, '40 ms'), { ok: true, target: '≤ 40 ms' });
  t.match(targetRow({ id: 'a', measure: 'm', result: 'r', value: Number.NaN }, '<=', 40, '40 ms'), { ok: false });
  t.match(targetRow({ id: 'a', measure: 'm', result: 'r', value: 0.1, note: 'errors' }, '<', 1, '1 ms'), { ok: false });
  t.same([mark(true), mark(false), mark(undefined)], ['✓', '✗', '–']);
  t.same([ms(0.123), ms(12.34), mb(80.04), kb(2048)], ['0.12 ms', '12.3 ms', '80.0 MB', '2.0 KB']);
  const rows: BenchRow[] = [
    { id: 'x', measure: 'Warm | overhead', result: '0.20 ms', target: '< 1 ms', ok: true },
    { id: 'y', measure: 'Zip', result: '500 KB', target: '< 400 KB', ok: false, note: 'too big' },
  ];
  t.equal(
    markdownReport(rows),
    ['| Measure | Result | Target |  |', '| --- | --- | --- | --- |', '| Warm \\| overhead | 0.20 ms | < 1 ms | ✓ |', '| Zip | 500 KB (too big) | < 400 KB | ✗ |'].join('\n'),
  );
  t.end();
});

t.test("the proxy mode's canned Home Assistant answer is a valid Alexa response to the directive", (t) => {
  const event = turnOnEvent('light.kitchen', 'token');
  const answer = cannedProxyAnswer(event);
  t.equal(answer.status, 200);
  t.match(answer.body, { event: { header: { correlationToken: (event as { directive: { header: { correlationToken: string } } }).directive.header.correlationToken }, endpoint: { endpointId: 'light#kitchen' } } });
  assertAlexaValid(t, answer.body, 'the canned proxy answer');
  t.end();
});

t.test("helper C's Custom skill benchmark is used when present, in any of its shapes", async (t) => {
  const dir = t.testdir({
    missing: {},
    rows: { 'custom-skill.ts': "export async function benchCustomSkill(o: { iterations: number }) { return [{ id: 'cs', measure: 'Custom', result: `${o.iterations} runs`, target: '< 2 ms', ok: true, value: 0.5 }, {}]; }\n" },
    wrapped: { 'custom-skill.ts': "export async function benchCustomSkill() { return { rows: [{ value: 3 }] }; }\n" },
    object: { 'custom-skill.ts': "export async function benchCustomSkill() { return { warmMs: 0.5, chunk: 'small' }; }\n" },
    scalar: { 'custom-skill.ts': 'export async function benchCustomSkill() { return 42; }\n' },
    noexport: { 'custom-skill.ts': 'export const other = 1;\n' },
    throws: { 'custom-skill.ts': "export async function benchCustomSkill() { throw new Error('no skill'); }\n" },
  });
  const rows = (name: string) => customSkillRows(join(dir, name), { handlerPath: '/x/index.mjs', haUrl: 'http://127.0.0.1:1', iterations: 7 }, () => undefined);
  t.match(await rows('missing'), [{ result: 'not available yet', ok: undefined }]);
  t.match(await rows('rows'), [{ id: 'cs', result: '7 runs', ok: true, value: 0.5 }, { id: 'customSkill1', measure: 'Custom skill 2', result: 'undefined', target: '–' }]);
  t.match(await rows('wrapped'), [{ id: 'customSkill0', result: '3', value: 3 }]);
  t.match(await rows('object'), [{ measure: 'Custom skill: warmMs', result: '0.50 ms' }, { measure: 'Custom skill: chunk', result: '"small"' }]);
  t.match(await rows('scalar'), [{ result: '42' }]);
  t.match(await rows('noexport'), [{ result: 'not available yet', note: 'no benchCustomSkill export' }]);
  t.match(await rows('throws'), [{ result: 'failed', ok: false, note: 'no skill' }]);
});

t.test('a spawn that fails is an error, not a figure', async (t) => {
  await t.rejects(spawnToExit(process.execPath, ['-e', 'process.exit(3)'], 1), /exited with 3/);
  t.ok((await spawnToExit(process.execPath, ['-e', ''], 2)) > 0);
});

t.test('a quick pass measures every row against a bundle, and writes bench.json', async (t) => {
  // Prepare
  const dist = t.testdir({});
  writeFakeDist(dist);
  const io = createRecordingIo();

  // Act
  const code = await benchCli(['--quick', '--node', process.execPath], io, dist, dist);

  // Assess
  t.equal(code, 0, io.text());
  const saved = JSON.parse(readFileSync(join(dist, 'bench.json'), 'utf8')) as { rows: BenchRow[]; quick: boolean; notes: string[] };
  t.equal(saved.quick, true);
  const ids = saved.rows.map((row) => row.id);
  for (const id of ['bundleBytes', 'zipBytes', 'coldImport', 'coldStartLugsOn', 'coldStartLugsOff', 'warmTurnOn_native', 'warmTurnOn_proxy', 'discovery300', 'discovery300Assist', 'discovery5000', 'peakRss5000', 'peakRss5000Node24', 'coldStartVsForwarder', 'warmTurnOnVsForwarder', 'customSkill']) {
    t.ok(ids.includes(id), `row ${id}`);
  }
  t.same(saved.rows.filter((row) => row.result === 'failed'), [], 'no measurement failed');
  t.match(io.text(), /^\| Measure \| Result \| Target \| {2}\|$/m, 'a Markdown table');
  t.match(io.text(), /^\| dist\/lambda\.zip \| [\d.]+ KB \(\d+ bytes\) \| < 400 KB \| ✓ \|$/m);
  t.match(io.text(), /Home Assistant took [\d.]+ ms per directive \(subtracted\); the fake's own service time was/);
  t.match(io.text(), /^\d+ of \d+ targets met; took \d+ s\.$/m);
});

t.test('a bundle that cannot load gives failed rows with the reason; bad arguments exit 2', async (t) => {
  const dir = t.testdir({ dist: {}, empty: {} });
  const dist = join(dir, 'dist');
  writeFakeDist(dist, 'crashes-at-init');
  const { rows } = await runBench({ nodePath: process.execPath, distDir: dist, counts: QUICK_COUNTS, progress: () => undefined, benchDir: dist, parts: ['coldStart', 'warm', 'customSkill'] });
  t.match(rows.find((row) => row.id === 'warmTurnOn_native'), { result: 'failed', ok: false, note: /the bundle does not load: Error: init failed on purpose/ });
  t.match(rows.find((row) => row.id === 'coldStart'), { result: 'failed', note: /the bundle does not load/ });
  t.match(rows.at(-1), { id: 'customSkill', result: 'not available yet' }, 'no custom-skill.ts in benchDir');

  const io = createRecordingIo();
  t.equal(await benchCli(['--fast'], io, dist), 2);
  t.match(io.text(), /Unexpected argument --fast\nUsage: npm run bench/);
  t.equal(await benchCli(['--help'], createRecordingIo(), dist), 0);
  const empty = createRecordingIo();
  t.equal(await benchCli([], empty, join(dir, 'empty')), 1);
  t.match(empty.text(), /index\.mjs does not exist: run npm run build first/);
  const badNode = createRecordingIo();
  t.equal(await benchCli(['--node', '/nonexistent/node'], badNode, dist), 1);
  t.match(badNode.text(), /bench failed: \/nonexistent\/node --version failed/);
});

t.test('answers that are errors are flagged next to the figure', async (t) => {
  // A bundle whose every answer is an ErrorResponse: its overheads must not pass for a result.
  const dist = t.testdir({
    'index.mjs':
      "export async function handler(event) { return event.directive ? { event: { header: { namespace: 'Alexa', name: 'ErrorResponse' }, payload: { type: 'INTERNAL_ERROR', message: 'nope' } } } : { error: { type: 'X', message: 'nope' } }; }\n",
  });
  const { rows } = await runBench({ nodePath: process.execPath, distDir: dist, counts: QUICK_COUNTS, progress: () => undefined, parts: ['warm'] });
  t.match(rows.find((row) => row.id === 'warmTurnOn_native'), { ok: false, note: /the answers were errors: ErrorResponse INTERNAL_ERROR: nope/ });
  t.match(rows.find((row) => row.id === 'zipBytes'), { ok: false, result: /NaN/ }, 'no zip is a miss');
});
