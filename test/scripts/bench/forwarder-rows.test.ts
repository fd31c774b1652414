/**
 * Tests for scripts/bench/forwarder-rows.ts: the bundle against the bare node:http forwarder, reps
 * interleaved, each figure a median beside its spread and compared with its target; the Node 24
 * peak-RSS row says so when no Node 24 is at hand. No timing is asserted: only the rows' shape.
 */
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { findNode24, forwarderRows, peakRssNode24Row, spread } from '../../../scripts/bench/forwarder-rows.js';
import { cannedProxyAnswer } from '../../../scripts/bench/run.js';
import { majorOf } from '../../../scripts/smoke/node24.js';
import { nodeVersion } from '../../../scripts/smoke/smoke-checks.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { startHaServer } from '../../fixtures/ha-server.js';
import { demoStates } from '../../fixtures/demo-home.js';
import { writeFakeDist } from '../smoke/smoke-fake-bundle.js';

t.setTimeout(120_000);

const TOKEN = 'rows-token';

/** A fake Home Assistant and a stand-in for dist/ (plus `files` beside it). */
async function setUp(t: Test, files: Record<string, string> = {}): Promise<{ ha: Awaited<ReturnType<typeof startHaServer>>; indexPath: string }> {
  const fake = new FakeHomeAssistant({ states: demoStates(), tokens: [TOKEN] });
  fake.smartHome = cannedProxyAnswer;
  const ha = await startHaServer(fake);
  t.teardown(() => ha.close());
  const dist = t.testdir(files);
  writeFakeDist(dist);
  return { ha, indexPath: join(dist, 'index.mjs') };
}

t.test('a figure is its median with the spread of the reps', (t) => {
  t.equal(spread([3, 1, 2]), '2.00 ms [1.00 ms–3.00 ms]');
  t.equal(spread([12.34]), '12.3 ms [12.3 ms–12.3 ms]');
  t.end();
});

t.test('cold start and warm TurnOn overhead are measured against the forwarder and compared with their targets', async (t) => {
  // Prepare
  const { ha, indexPath } = await setUp(t);

  // Act
  const rows = await forwarderRows({ target: { nodePath: process.execPath, indexPath, haUrl: ha.url, token: TOKEN }, ha, token: TOKEN, coldReps: 2, warmReps: 2, warmup: 1, turnOns: 3 });

  // Assess
  t.same(rows.map((row) => row.id), ['coldStartVsForwarder', 'warmTurnOnVsForwarder']);
  const [cold, warm] = rows;
  t.match(cold, { measure: /proxy mode, against a bare node:http forwarder \(2 interleaved reps\)/, result: /^\d+\.\d\d ×: [\d.]+ ms \[[\d.]+ ms–[\d.]+ ms\] vs [\d.]+ ms \[.+\]; import [\d.]+ ms vs [\d.]+ ms$/, target: '≤ 1.15 × the forwarder' });
  t.equal(cold?.ok, (cold?.value as number) <= 1.15, 'the ratio decides');
  t.match(warm, { measure: /\(2 interleaved reps of 3\)/, result: /^[+−][\d.]+ ms: [\d.]+ ms \[.+\] vs [\d.]+ ms \[.+\]$/, target: "≤ the forwarder's + 0.1 ms" });
  t.equal(warm?.ok, (warm?.value as number) <= 0.1, 'the margin decides');
  t.equal(cold?.note, undefined, 'real answers');
  t.equal(warm?.note, undefined, 'real answers');
  // Interleaved: bundle and forwarder alternate, and the forwarder calls /api/alexa/smart_home only.
  t.ok(ha.stats.requests > 0);
});

t.test('answers that are errors are flagged next to the figures', async (t) => {
  // A "forwarder" whose every answer is an ErrorResponse: its figures must not pass for a result.
  const errors = "export async function handler() { return { event: { header: { namespace: 'Alexa', name: 'ErrorResponse' }, payload: { type: 'INTERNAL_ERROR', message: 'nope' } } }; }\n";
  const { ha, indexPath } = await setUp(t, { 'errors.mjs': errors });
  const forwarderPath = join(indexPath, '..', 'errors.mjs');
  const rows = await forwarderRows({ target: { nodePath: process.execPath, indexPath, haUrl: ha.url, token: TOKEN }, ha, token: TOKEN, coldReps: 1, warmReps: 1, warmup: 0, turnOns: 1, forwarderPath });
  for (const row of rows) t.match(row, { ok: false, note: /the answers were errors: ErrorResponse INTERNAL_ERROR: nope/ }, row.id);
});

t.test('peak RSS on Node 24 is measured with the Node 24 given, or says how to get one', async (t) => {
  const { ha, indexPath } = await setUp(t);
  const target = { nodePath: process.execPath, indexPath, haUrl: ha.url, token: TOKEN };
  t.match(await peakRssNode24Row(target, TOKEN, undefined, 1, 5000), {
    id: 'peakRss5000Node24',
    measure: 'Peak RSS of a fresh process discovering 5,000 entities on Node 24',
    result: /^not measured: no Node 24 \(pass --node, or run tsx scripts\/smoke\/node24\.ts once\)$/,
    target: '≤ 80 MB',
    ok: undefined,
  });
  const measured = await peakRssNode24Row(target, TOKEN, process.execPath, 1, 5000);
  t.match(measured, { result: new RegExp(`^[\\d.]+ MB \\(${process.version}, median of 1\\)$`), target: '≤ 80 MB', note: undefined });
  t.equal(measured.ok, (measured.value as number) <= 80);
});

t.test('the Node 24 to measure with is the given one when it is Node 24, else one from the cache or none', (t) => {
  const found = findNode24(process.execPath);
  if (majorOf(process.version) === 24) t.equal(found, process.execPath);
  else if (found !== undefined) t.equal(majorOf(nodeVersion(found)), 24, 'a cached Node 24');
  else t.pass('no Node 24 on this machine');
  t.end();
});
