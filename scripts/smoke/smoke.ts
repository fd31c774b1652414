/**
 * `npm run smoke -- [--node /path/to/node] [--zip dist/lambda.zip] [--logs]`: smoke test of the
 * deployable zip in a fresh Node process against a loopback fake Home Assistant.
 *
 * This script will do the following:
 * 1. unzip the zip (default `dist/lambda.zip`; build it first with `npm run build`) into a new folder
 *    under the OS temp dir, outside the project, so the project's node_modules are out of reach;
 * 2. start the demo home as a fake Home Assistant on a loopback port;
 * 3. for LUGS_ENABLED=true and false, spawn the given Node (default: this one; `.ci/run` also passes
 *    Node 24, the Lambda runtime) on `scripts/smoke/smoke-runner.mjs`, which imports the unzipped
 *    `index.mjs`, and check: health, Discovery, TurnOn, ReportState, an unknown event, a Custom skill
 *    LaunchRequest, no token in the logs, a clean exit;
 * 4. print `ok - …` / `not ok - …` per check and `N passed, M failed`; exit 1 on any failure.
 */
import { consoleIo } from '../shared/io.js';
import { smokeCli } from './smoke-checks.js';

process.exit(await smokeCli(process.argv.slice(2), consoleIo));
