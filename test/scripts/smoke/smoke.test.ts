/**
 * Tests for the smoke test of the deployable zip (scripts/smoke/smoke-checks.ts, scripts/smoke/smoke.ts,
 * scripts/smoke/smoke-runner.mjs), run against small fake bundles so no build is needed.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { createRecordingIo } from '../../../scripts/shared/io.js';
import { nodeVersion, runSmoke, smokeCli, SMOKE_TOKEN, unzipBundle } from '../../../scripts/smoke/smoke-checks.js';
import { fakeBundleZip, type FakeBundleVariant } from './smoke-fake-bundle.js';

// These tests spawn Node processes and run loopback servers: give them room on a busy 2-core machine.
t.setTimeout(120_000);


function zipFile(t: Test, variant: FakeBundleVariant, files?: Record<string, string>): string {
  const dir = t.testdir({});
  const path = join(dir, `${variant}.zip`);
  writeFileSync(path, fakeBundleZip(variant, files));
  return path;
}

/** The folder a run says it unzipped into (other test files unzip into their own at the same time). */
function unzippedInto(text: string): string {
  return /unzipped into (\S*ha-alexa-smoke-\S+) \(outside the project\)/.exec(text)?.[1] ?? '';
}

t.test('a working bundle passes every check and the last line counts them', async (t) => {
  // Prepare
  const io = createRecordingIo();

  // Act
  const result = await runSmoke({ zipPath: zipFile(t, 'good'), io, lugs: ['true'] });

  // Assess
  t.equal(result.failed, 0, io.text());
  t.equal(result.passed, 9);
  t.equal(result.nodeVersion, process.version);
  const lines = io.lines.filter((line) => line.startsWith('ok - ') || line.startsWith('not ok - '));
  t.equal(lines.length, 9);
  t.match(io.text(), /ok - Discovery answers Discover\.Response with light#kitchen/);
  t.match(io.text(), /ok - TurnOn light#kitchen answers Alexa\.Response and calls light\.turn_on/);
  t.match(io.text(), /ok - a Custom skill LaunchRequest/);
  t.match(io.text(), /unzipped into .*ha-alexa-smoke-.* \(outside the project\)/);
  t.equal(io.lines.at(-1), '9 passed, 0 failed');
  const folder = unzippedInto(io.text());
  t.ok(folder.startsWith(tmpdir()), `unzipped under the OS temp folder: ${folder}`);
  t.notOk(existsSync(folder), 'the temporary folder is removed afterwards');
});

t.test('each broken bundle fails the check that covers it, and only that one', async (t) => {
  const cases: [FakeBundleVariant, RegExp][] = [
    ['no-kitchen', /^not ok - Discovery answers Discover\.Response with light#kitchen among the endpoints: \d+ endpoints, none is light#kitchen$/m],
    ['leaks-token', /^not ok - no log line contains the Home Assistant token: the token was logged$/m],
    ['throws', /^not ok - Discovery .*: the handler threw Error: thrown on purpose$/m],
  ];
  for (const [variant, failure] of cases) {
    const io = createRecordingIo();
    const result = await runSmoke({ zipPath: zipFile(t, variant), io, lugs: ['true'] });
    t.equal(result.failed, 1, `${variant}: one failure`);
    t.match(io.text(), failure, `${variant}: names the problem`);
    t.equal(io.lines.at(-1), `${result.passed} passed, 1 failed`);
  }
});

t.test('a bundle that fails at import is reported, and both LUGS settings are tried by default', async (t) => {
  const io = createRecordingIo();
  const result = await runSmoke({ zipPath: zipFile(t, 'crashes-at-init'), io });
  t.equal(result.failed, 2);
  t.equal(result.passed, 0);
  t.match(io.text(), /# LUGS_ENABLED=true\nnot ok - the bundle loads in a fresh Node process: Error: init failed on purpose/);
  t.match(io.text(), /# LUGS_ENABLED=false\nnot ok - the bundle loads/);
});

t.test('--logs shows the handler log lines under each check', async (t) => {
  const io = createRecordingIo();
  await runSmoke({ zipPath: zipFile(t, 'good'), io, lugs: ['true'], logs: true });
  t.match(io.text(), /ok - TurnOn .*\n {4}log: \{"level":"info","message":"invocation"/);
  t.notMatch(io.text(), SMOKE_TOKEN);
});

t.test('a zip without index.mjs at its root, or with an unsafe path, is refused before anything runs', (t) => {
  t.throws(() => unzipBundle(zipFile(t, 'good', { 'dist/index.mjs': 'export const handler = 1;' })), /has no index\.mjs at its root .*it holds: dist\/index\.mjs/);
  t.throws(() => unzipBundle(zipFile(t, 'good', { 'index.mjs': '', '../evil.mjs': '' })), /unsafe path: \.\.\/evil\.mjs/);
  t.end();
});

t.test('an unusable Node binary is named in the error', (t) => {
  t.throws(() => nodeVersion('/nonexistent/node'), /\/nonexistent\/node --version failed/);
  t.match(nodeVersion(process.execPath), /^v\d+\./);
  t.end();
});

t.test('the command line: exit 0 when every check passes, 1 otherwise, 2 for bad arguments', async (t) => {
  const run = async (...args: string[]) => {
    const io = createRecordingIo();
    return { code: await smokeCli(args, io), text: io.text() };
  };
  const broken = await run('--zip', zipFile(t, 'no-kitchen'), '--node', process.execPath);
  t.equal(broken.code, 1);
  t.match(broken.text, /^16 passed, 2 failed$/m, 'both LUGS settings by default');
  const missing = await run('--zip', join(tmpdir(), 'no-such-lambda.zip'));
  t.equal(missing.code, 1);
  t.match(missing.text, /no-such-lambda\.zip does not exist: run npm run build first/);
  const badNode = await run('--zip', zipFile(t, 'good'), '--node', '/nonexistent/node');
  t.equal(badNode.code, 1);
  t.match(badNode.text, /smoke test failed: \/nonexistent\/node --version failed/);
  const usage: [string[], number, RegExp][] = [
    [['--node'], 2, /--node needs a value/],
    [['--zip', '--logs'], 2, /--zip needs a value/],
    [['extra'], 2, /Unexpected argument extra/],
    [['--help'], 0, /^Usage: npm run smoke/],
  ];
  for (const [args, code, message] of usage) {
    const result = await run(...args);
    t.equal(result.code, code, args.join(' '));
    t.match(result.text, message);
  }
});
