/** Runs sync-parameters, deploy-lambda and rollback as the workflows do, on a copy of test/fixtures/config/deploy-safety/. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { useFakeAws, type FakeAws } from '../../fixtures/fake-aws.js';
import { createRun } from './recorder.js';
import { createMain as createDeployMain } from '../../../scripts/deploy/deploy-lambda.js';
import { createMain as createSyncMain } from '../../../scripts/deploy/sync-parameters.js';
import { createMain as createRollbackMain } from '../../../scripts/deploy/rollback.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { loadConfig, resetConfigCache } from '../../../src/config/index.js';

export const FAST = { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 }, tickMs: 5 };
export const TOKEN = 'ha-token-for-the-deploy-safety-tests-0123456789';
const FIXTURE = fileURLToPath(new URL('../../fixtures/config/deploy-safety/', import.meta.url));

/** A fresh copy of the fixture config, with `config/parameters.yaml` edited as a user would. */
export function fixtureConfigDir(editParameters: (text: string) => string = (text) => text): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-a2-config-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const parameters = join(dir, 'parameters.yaml');
  writeFileSync(parameters, editParameters(readFileSync(parameters, 'utf8')));
  return dir;
}

/** sync-parameters on `dir` (a fresh fixture copy by default), as the step before deploy-lambda. */
export function syncRun(env: NodeJS.ProcessEnv = {}, dir: string = fixtureConfigDir()) {
  const recorder = createRun({ HA_TOKEN: TOKEN, ...env });
  return { ...recorder, code: runCli('sync-parameters', createSyncMain(FAST), ['--config-dir', dir], recorder.env, recorder.io) };
}

/** sync-parameters on the fixture config; its exit code. */
export async function syncFixture(env: NodeJS.ProcessEnv = {}): Promise<number> {
  return syncRun(env).code;
}

/** deploy-lambda of a zip holding `zip` on `dir` (a fresh fixture copy by default). */
export function deployFixture(env: NodeJS.ProcessEnv = {}, argv: string[] = [], zip = 'zip-v2', dir: string = fixtureConfigDir()) {
  const zipPath = join(mkdtempSync(join(tmpdir(), 'ha-alexa-a2-zip-')), 'lambda.zip');
  writeFileSync(zipPath, zip);
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', HA_TOKEN: TOKEN, ...env });
  return { ...recorder, code: runCli('deploy-lambda', createDeployMain(FAST), ['--zip', zipPath, '--config-dir', dir, ...argv], recorder.env, recorder.io) };
}

/** npm run rollback, as the Rollback workflow runs it. */
export function rollbackRun(argv: string[] = []) {
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa' });
  return { ...recorder, code: runCli('rollback', createRollbackMain({ retry: FAST.retry }), ['--config-dir', fixtureConfigDir(), ...argv], recorder.env, recorder.io) };
}

/** {@link useFakeAws} with the fixture config synced before each test, as the deploy tests start. */
export function useSyncedFakeAws(t: Test, onEach: (aws: FakeAws) => void): void {
  useFakeAws(t, async (fresh) => {
    onEach(fresh);
    await syncFixture();
  });
}

/**
 * The configuration the real loader gives a version or alias (`$LATEST` when it names neither), from
 * its environment and the fake Parameter Store: what that version runs with after a deploy.
 */
export async function versionConfig(aws: FakeAws, qualifier = 'live') {
  const version = aws.lambda.state.aliases.get(qualifier)?.FunctionVersion ?? qualifier;
  const env = aws.lambda.state.versions.get(version)?.Environment.Variables ?? aws.lambda.state.config.Environment.Variables;
  resetConfigCache();
  const result = await loadConfig({
    env: { ...env },
    readParameters: (prefix) =>
      Promise.resolve(new Map([...aws.ssm.store].filter(([name]) => name.startsWith(`${prefix}/`)).map(([name, p]) => [name.slice(prefix.length), p.Value]))),
  });
  return result.config;
}
