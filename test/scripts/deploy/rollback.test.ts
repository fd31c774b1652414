import t from 'tap';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { createFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { createRun } from '../helpers/recorder.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { chooseRollbackVersion, createMain } from '../../../scripts/deploy/rollback.js';

useFakeAwsEnv();
const main = createMain({ retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
const CONFIG = join('test', 'fixtures', 'config', 'deploy-eu');

let aws: FakeAws = createFakeAws();
const server = setupServer();
t.before(() => server.listen({ onUnhandledRequest: 'error' }));
t.teardown(() => server.close());
t.beforeEach(() => {
  aws = createFakeAws();
  for (const version of ['2', '3', '4']) aws.lambda.state.versions.set(version, { ...aws.lambda.state.config, Version: version });
  aws.lambda.state.aliases.set('live', { FunctionVersion: '4', RevisionId: 'r4' });
  server.resetHandlers(...aws.handlers);
});

const run = (argv: string[] = [], env: NodeJS.ProcessEnv = {}) => {
  const recorder = createRun(env);
  return { ...recorder, code: runCli('rollback', main, ['--config-dir', CONFIG, ...argv], recorder.env, recorder.io) };
};

t.test('without a version, live goes back to the previous one', async (t) => {
  const { code, io, summary } = run();
  t.equal(await code, 0, io.text());
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '3');
  t.match(io.text(), /Rolled back: ha-alexa:live version 4 → 3\./);
  t.match(summary(), /Alexa now calls version \*\*3\*\* \(was 4\)/);
});

t.test('an empty --to-version (the workflow input left empty) means the previous version', async (t) => {
  t.equal(await run(['--to-version', '']).code, 0);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '3');
});

t.test('--to-version picks a published version; a wrong one fails and leaves live alone', async (t) => {
  t.equal(await run(['--to-version', '2']).code, 0);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2');
  const missing = run(['--to-version', '9']);
  t.equal(await missing.code, 1);
  t.match(missing.io.lines.at(-1), /version 9 is not a published version \(published: 1, 2, 3, 4\)/);
  const bad = run(['--to-version', 'latest']);
  t.equal(await bad.code, 1);
  t.match(bad.io.lines.at(-1), /--to-version must be a version number/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2');
});

t.test('the choice of version', (t) => {
  t.equal(chooseRollbackVersion(['$LATEST', '1', '2', '10'], '10'), '2');
  t.throws(() => chooseRollbackVersion(['$LATEST', '1'], '1'), /no version older than 1 to go back to: give one with --to-version/);
  t.throws(() => chooseRollbackVersion(['1', '2'], '2', '2'), /live already points to version 2/);
  t.throws(() => chooseRollbackVersion([], '2', '1'), /published: none/);
  t.end();
});

t.test('usage and unknown options', async (t) => {
  t.equal(await run(['--help']).code, 0);
  const bad = run(['--nope']);
  t.equal(await bad.code, 1);
  t.match(bad.io.lines.at(-1), /Unknown option '--nope'; usage: npm run rollback/);
});
