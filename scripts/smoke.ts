/**
 * `npm run smoke -- [--node /path/to/node] [--zip dist/lambda.zip] [--logs]`: smoke test of the
 * deployable zip in a fresh Node process against a loopback fake Home Assistant.
 *
 * This script will do the following:
 * 1. unzip the zip (default `dist/lambda.zip`; build it first with `npm run build`) into a new folder
 *    under the OS temp dir, outside the project, so the project's node_modules are out of reach;
 * 2. start the demo home as a fake Home Assistant on a loopback port;
 * 3. for LUGS_ENABLED=true and false, spawn the given Node (default: this one; `.ci/run` also passes
 *    Node 24, the Lambda runtime) on `scripts/smoke-runner.mjs`, which imports the unzipped
 *    `index.mjs`, and check: health, Discovery, TurnOn, ReportState, an unknown event, a Custom skill
 *    LaunchRequest, no token in the logs, a clean exit;
 * 4. print `ok - …` / `not ok - …` per check and `N passed, M failed`; exit 1 on any failure.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { consoleIo } from './lib/io.js';
import { PROJECT_ROOT } from './lib/local-handler.js';
import { runSmoke } from './lib/smoke-checks.js';

const USAGE = 'Usage: npm run smoke -- [--node /path/to/node] [--zip dist/lambda.zip] [--logs]';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) {
    consoleIo.err(`${name} needs a value\n${USAGE}`);
    process.exit(2);
  }
  args.splice(index, 2);
  return value;
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  consoleIo.out(USAGE);
  process.exit(0);
}
const nodePath = option(args, '--node') ?? process.execPath;
const zipPath = resolve(option(args, '--zip') ?? resolve(PROJECT_ROOT, 'dist', 'lambda.zip'));
const logs = args.includes('--logs');
const rest = args.filter((arg) => arg !== '--logs');
if (rest.length > 0) {
  consoleIo.err(`Unexpected argument ${rest.join(' ')}\n${USAGE}`);
  process.exit(2);
}
if (!existsSync(zipPath)) {
  consoleIo.err(`${zipPath} does not exist: run npm run build first`);
  process.exit(1);
}

try {
  const result = await runSmoke({ zipPath, nodePath, io: consoleIo, logs });
  process.exit(result.failed === 0 ? 0 : 1);
} catch (error) {
  consoleIo.err(`smoke test failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
