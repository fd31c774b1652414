/**
 * `npm run demo`: shows the Lambda working with no Home Assistant and no AWS.
 *
 * This script will do the following:
 * 1. start the demo home (about 20 entities) as a fake Home Assistant on a loopback port;
 * 2. load the built handler (`dist/index.mjs`; `npm run demo` builds it first when needed);
 * 3. run a Discovery, three voice commands, a ReportState and one Custom-skill sentence through it;
 * 4. print the transcript: devices as a table, each command with the Home Assistant service call it
 *    caused and Alexa's answer; exit 0 when every step worked, 1 otherwise.
 *
 * Options: `--logs` shows the handler's JSON log lines, `--json` the raw responses, `--source` runs
 * `src/` through tsx instead of the bundle (no build needed).
 */
import { consoleIo } from '../shared/io.js';
import { demoCli } from './demo.js';

process.exit(await demoCli(process.argv.slice(2), consoleIo));
