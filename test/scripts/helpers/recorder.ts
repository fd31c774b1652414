import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecordingIo } from '../../../scripts/shared/io.js';

/** A recording Io plus a GITHUB_STEP_SUMMARY file, and the env for a script run. */
export function createRun(extraEnv: NodeJS.ProcessEnv = {}) {
  const io = createRecordingIo();
  const summaryFile = join(mkdtempSync(join(tmpdir(), 'ha-alexa-summary-')), 'summary.md');
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ['GITHUB_ACTIONS', 'HA_TOKEN', 'HA_URL', 'PARAMETER_PREFIX', 'LAMBDA_FUNCTION_NAME']) delete env[key];
  Object.assign(env, { GITHUB_STEP_SUMMARY: summaryFile }, extraEnv);
  return {
    io,
    env,
    summary: () => (existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : ''),
  };
}
