/**
 * deploy-lambda's safety checks: the alias must exist before anything changes, a failure after the
 * alias moved moves it back, and the smoke test refuses a version that sees no or far fewer devices.
 */
import t from 'tap';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupServer } from 'msw/node';
import { createFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { createRun } from '../helpers/recorder.js';
import { createMain as createDeployMain } from '../../../scripts/deploy/deploy-lambda.js';
import { createMain as createSyncMain } from '../../../scripts/deploy/sync-parameters.js';
import { runCli } from '../../../scripts/shared/cli.js';

useFakeAwsEnv();
const FAST = { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 }, tickMs: 5 };
const TOKEN = 'ha-token-for-the-deploy-safety-tests-0123456789';
const FIXTURE = fileURLToPath(new URL('../../fixtures/config/deploy-safety/', import.meta.url));

let aws: FakeAws = createFakeAws();
const server = setupServer();
t.before(() => server.listen({ onUnhandledRequest: 'error' }));
t.teardown(() => server.close());
t.beforeEach(async () => {
  aws = createFakeAws();
  server.resetHandlers(...aws.handlers);
  const recorder = createRun({ HA_TOKEN: TOKEN });
  await runCli('sync-parameters', createSyncMain(FAST), ['--config-dir', configDir()], recorder.env, recorder.io);
  aws.ssm.calls.length = 0;
});

function configDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-a2-safety-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const deploy = (env: NodeJS.ProcessEnv = {}, argv: string[] = [], zip = 'zip-v2') => {
  const zipPath = join(mkdtempSync(join(tmpdir(), 'ha-alexa-a2-zip-')), 'lambda.zip');
  writeFileSync(zipPath, zip);
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', HA_TOKEN: TOKEN, ...env });
  return { ...recorder, code: runCli('deploy-lambda', createDeployMain(FAST), ['--zip', zipPath, '--config-dir', configDir(), ...argv], recorder.env, recorder.io) };
};

t.test('a missing alias is named before anything is uploaded or published', async (t) => {
  // Act
  const { code, io } = deploy({ LAMBDA_ALIAS: 'prod' });
  // Assess
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^deploy-lambda: the alias prod of ha-alexa does not exist in eu-west-1: .*LAMBDA_ALIAS/);
  t.notMatch(io.lines.at(-1), /Check that LAMBDA_FUNCTION_NAME/, 'the function name is not blamed');
  t.same(aws.lambda.ops().filter((op) => !op.startsWith('Get')), [], 'no upload, no configuration change, no version');
  t.equal(aws.lambda.state.versions.size, 1);
});
