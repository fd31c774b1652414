import t from 'tap';
import { createFakeAws, defaultInvoke, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { createRun } from '../helpers/recorder.js';
import { createMain } from '../../../scripts/deploy/rollback.js';
import { runCli } from '../../../scripts/shared/cli.js';

useFakeAwsEnv();
const main = createMain({ retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

/** Versions 1 to `last` exist; the alias points to `on`, with the description deploy-lambda leaves. */
function publish(last: number, on: number, description?: string) {
  for (let version = 2; version <= last; version += 1) aws.lambda.state.versions.set(String(version), { ...aws.lambda.state.config, Version: String(version) });
  aws.lambda.state.aliases.set('live', { FunctionVersion: String(on), RevisionId: 'rev-test', ...(description ? { Description: description } : {}) });
}

const run = (argv: string[] = [], env: NodeJS.ProcessEnv = {}) => {
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', ...env });
  return { ...recorder, code: runCli('rollback', main, argv, recorder.env, recorder.io) };
};

t.test('by default the alias goes back to the version it came from, as recorded by deploy-lambda', async (t) => {
  publish(4, 4, 'deploy-lambda moved this alias from version 2 to version 4; npm run rollback moves it back');
  // Act
  const { code, io, summary } = run();
  // Assess
  t.equal(await code, 0, io.text());
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2');
  const update = aws.lambda.calls.find((call) => call.op === 'UpdateAlias');
  t.equal(update?.input.RevisionId, 'rev-test', 'only if nobody moved the alias meanwhile');
  t.match(aws.lambda.state.aliases.get('live')?.Description, /from version 4 to version 2/, 'a second rollback undoes the first');
  const text = io.text();
  t.match(text, /1\/3 Reading ha-alexa:live… version 4 \(moved there from version 2\)/);
  t.match(text, /2\/3 Checking version 2 \(the version before\)… health ok/);
  t.equal(io.lines.at(-1), 'Rolled back: ha-alexa:live → version 2 (was 4).');
  t.match(summary(), /Rollback: `ha-alexa:live` version 4 → 2/);
});

t.test('--to-version moves the alias to that version', async (t) => {
  publish(4, 4);
  const { code, io } = run(['--to-version', '1']);
  t.equal(await code, 0, io.text());
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '1');
  t.equal(io.lines.at(-1), 'Rolled back: ha-alexa:live → version 1 (was 4).');
});

t.test('without a record, the previous published version is used', async (t) => {
  publish(4, 3);
  const { code, io } = run();
  t.equal(await code, 0, io.text());
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2');
  t.match(io.text(), /version 2 \(the published version before 3\)/);
});

t.test('a version that does not exist, or fails its health check, is refused and the alias stays', async (t) => {
  publish(3, 3);
  const missing = run(['--to-version', '9']);
  t.equal(await missing.code, 1);
  t.match(missing.io.lines.at(-1), /^rollback: version 9 of ha-alexa does not exist \(published: 1, 2, 3\)/);
  aws.lambda.state.invoke = (invocation) =>
    invocation.version === '2' ? { payload: { diagnostics: 'health', ok: false, version: 'x', mode: 'native', problems: ['HOME_ASSISTANT_URL: not set'] } } : defaultInvoke(invocation);
  const unhealthy = run();
  t.equal(await unhealthy.code, 1);
  t.match(unhealthy.io.lines.at(-1), /^rollback: version 2 fails its health check: the function reports a configuration problem: HOME_ASSISTANT_URL: not set; alias live stays on version 3$/);
  t.notOk(aws.lambda.ops().includes('UpdateAlias'));
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '3');
});

t.test('nothing to do, nothing before, and bad options are explained', async (t) => {
  publish(3, 2);
  const same = run(['--to-version', '2']);
  t.equal(await same.code, 0);
  t.equal(same.io.lines.at(-1), 'ha-alexa:live is already on version 2: nothing to do.');
  publish(1, 1);
  const first = run();
  t.equal(await first.code, 1);
  t.match(first.io.lines.at(-1), /no version before 1 to roll back to: name one with --to-version/);
  const bad = run(['--to-version', 'latest']);
  t.equal(await bad.code, 1);
  t.match(bad.io.lines.at(-1), /--to-version must be a version number such as 3/);
  const liveAlias = aws.lambda.state.aliases.get('live');
  aws.lambda.state.aliases.delete('live');
  const missingAlias = run();
  t.equal(await missingAlias.code, 1);
  t.match(missingAlias.io.lines.at(-1), /the alias live of ha-alexa does not exist/);
  t.notOk(aws.lambda.ops().includes('UpdateAlias'));
  if (liveAlias) aws.lambda.state.aliases.set('live', liveAlias);
  const unknown = run(['--to', '2']);
  t.equal(await unknown.code, 1);
  t.match(unknown.io.lines.at(-1), /Unknown option '--to'; usage: npm run rollback/);
  aws.lambda.fail('GetAlias', { code: 'AccessDeniedException', status: 403, message: 'User: x is not authorized to perform: lambda:GetAlias on resource: ha-alexa:live' });
  const denied = run();
  t.equal(await denied.code, 1);
  t.match(denied.io.lines.at(-1), /access denied: the AWS role may not call lambda:GetAlias on ha-alexa:live/);
  const help = run(['--help']);
  t.equal(await help.code, 0);
  t.match(help.io.text(), /usage: npm run rollback -- \[--to-version N\]/);
});
