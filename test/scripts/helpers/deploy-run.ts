/** Runs sync-parameters and deploy-lambda as the workflow does, on a copy of test/fixtures/config/deploy-safety/. */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRun } from './recorder.js';
import { createMain as createDeployMain } from '../../../scripts/deploy/deploy-lambda.js';
import { createMain as createSyncMain } from '../../../scripts/deploy/sync-parameters.js';
import { runCli } from '../../../scripts/shared/cli.js';

export const FAST = { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 }, tickMs: 5 };
export const TOKEN = 'ha-token-for-the-deploy-safety-tests-0123456789';
const FIXTURE = fileURLToPath(new URL('../../fixtures/config/deploy-safety/', import.meta.url));

/** A fresh copy of the fixture config. */
export function fixtureConfigDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-a2-config-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** sync-parameters on the fixture config, as the step before deploy-lambda. */
export async function syncFixture(env: NodeJS.ProcessEnv = {}): Promise<number> {
  const recorder = createRun({ HA_TOKEN: TOKEN, ...env });
  return runCli('sync-parameters', createSyncMain(FAST), ['--config-dir', fixtureConfigDir()], recorder.env, recorder.io);
}

/** deploy-lambda of a zip holding `zip` on the fixture config. */
export function deployFixture(env: NodeJS.ProcessEnv = {}, argv: string[] = [], zip = 'zip-v2') {
  const zipPath = join(mkdtempSync(join(tmpdir(), 'ha-alexa-a2-zip-')), 'lambda.zip');
  writeFileSync(zipPath, zip);
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', HA_TOKEN: TOKEN, ...env });
  return { ...recorder, code: runCli('deploy-lambda', createDeployMain(FAST), ['--zip', zipPath, '--config-dir', fixtureConfigDir(), ...argv], recorder.env, recorder.io) };
}
