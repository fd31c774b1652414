/**
 * Tests for scripts/smoke/lambda-child.ts (the parent side of the smoke runner protocol) with tiny
 * stand-in runners, and for scripts/smoke/smoke-runner.mjs's own edge cases.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import t from 'tap';
import { LambdaChild, RUNNER_PATH } from '../../../scripts/smoke/lambda-child.js';

t.setTimeout(60_000);

const RUNNERS = {
  // Answers on fd 3 at once, with a line that is not JSON first, then exits when stdin closes.
  'chatty.mjs': [
    "import { writeSync } from 'node:fs';",
    "writeSync(3, 'not json\\n');",
    "writeSync(3, JSON.stringify({ type: 'ready', node: process.version }) + '\\n');",
    "process.stdin.on('data', () => undefined);",
    "process.stdin.on('end', () => { writeSync(3, JSON.stringify({ type: 'done', maxRssKb: 1024 }) + '\\n'); process.exit(0); });",
  ].join('\n'),
  'dies.mjs': "process.stderr.write('boom\\n');\nprocess.exit(3);\n",
  'silent.mjs': 'setInterval(() => undefined, 1000);\n',
};

t.test('answers that arrive before anyone waits are kept; lines that are not JSON are ignored', async (t) => {
  const dir = t.testdir(RUNNERS);
  const child = new LambdaChild({ runnerPath: join(dir, 'chatty.mjs'), indexPath: 'unused', env: {} });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const ready = await child.ready();
  t.equal(ready.node, process.version);
  t.ok(ready.receivedAt >= child.spawnedAt);
  const done = await child.finish();
  t.equal(done.maxRssKb, 1024);
  await t.rejects(child.ready(), /the child process exited \(0\) before answering/, 'after the exit, waiting fails at once');
  child.kill();
  t.equal(child.process.signalCode, null, 'kill after the exit does nothing');
});

t.test('a child that dies says so, with its stderr; sending to it afterwards fails cleanly', async (t) => {
  const dir = t.testdir(RUNNERS);
  const child = new LambdaChild({ runnerPath: join(dir, 'dies.mjs'), indexPath: 'unused', env: {} });
  await t.rejects(child.ready(), /the child process exited \(3\) before answering; stderr: boom/);
  t.equal(child.stderr, 'boom\n');
  await t.rejects(child.invoke({ late: true }), /exited \(3\)/);
});

t.test('a child that never answers times out and is killed', async (t) => {
  const dir = t.testdir(RUNNERS);
  const child = new LambdaChild({ runnerPath: join(dir, 'silent.mjs'), indexPath: 'unused', env: {}, timeoutMs: 300 });
  await t.rejects(child.ready(), /no answer from the child process within 300 ms/);
  await new Promise((resolve) => child.process.once('close', resolve));
  t.equal(child.process.signalCode, 'SIGKILL');
});

t.test('a Node binary that does not exist is reported', async (t) => {
  const child = new LambdaChild({ nodePath: '/nonexistent/node', indexPath: 'unused', env: {} });
  await t.rejects(child.ready(), /could not start \/nonexistent\/node: spawn \/nonexistent\/node ENOENT|exited/);
});

t.test('the runner explains its usage, and reports a bundle without a handler', async (t) => {
  const usage = spawnSync(process.execPath, [RUNNER_PATH], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  t.equal(usage.status, 2);
  t.match(usage.stderr, /usage: node smoke-runner\.mjs <path\/to\/index\.mjs \| --bare>/);

  const dir = t.testdir({ 'index.mjs': 'export const handler = "not a function";\n' });
  const child = new LambdaChild({ indexPath: join(dir, 'index.mjs'), env: {} });
  const ready = await child.ready();
  t.match(ready.error, /index\.mjs does not export a function named handler/);
});

t.test('the runner answers repeated events with one sample each, and a bare runner answers null', async (t) => {
  const dir = t.testdir({
    'index.mjs': [
      'let n = 0;',
      'export async function handler(event) {',
      "  process.stdout.write(JSON.stringify({ message: 'invocation', haCalls: [{ ms: 1 }, {}] }) + '\\n', () => undefined);",
      "  process.stdout.write('{ broken invocation\\n');",
      '  n += 1;',
      '  return { n, event };',
      '}',
    ].join('\n'),
  });
  const child = new LambdaChild({ indexPath: join(dir, 'index.mjs'), env: {} });
  const result = await child.invoke({ hello: 1 }, 3);
  t.same(result.response, { n: 3, event: { hello: 1 } });
  t.equal(result.samples.length, 3);
  t.ok(result.samples.every(([wallMs, haMs]) => wallMs >= 0 && haMs === 1), 'Home Assistant time from the log line');
  t.same(result.logs, ['{"message":"invocation","haCalls":[{"ms":1},{}]}', '{ broken invocation']);
  (child.process.stdin as NodeJS.WritableStream).write('\n');
  t.match(await child.finish(), { type: 'done' });

  const bare = new LambdaChild({ indexPath: '--bare', env: {} });
  t.match(await bare.invoke({}), { response: null, samples: [[Number, 0]] });
  await bare.finish();
});
