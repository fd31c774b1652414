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
import { FakeHomeAssistant } from '../test/fixtures/fake-home-assistant.js';
import { demoStates } from '../test/fixtures/demo-home.js';
import { startHaServer } from '../test/fixtures/ha-server.js';
import { consoleIo } from './lib/io.js';
import { runDemo } from './lib/local-demo.js';
import { LOCAL_SKILL_ID } from './lib/local-events.js';
import { loadBuiltHandler, type LambdaHandler } from './lib/local-handler.js';

const USAGE = 'Usage: npm run demo [-- --logs] [--json] [--source]';
const TOKEN = 'demo-token-0123456789';
const FLAGS = new Set(['--logs', '--json', '--source', '--help', '-h']);

const args = process.argv.slice(2);
const unknown = args.filter((arg) => !FLAGS.has(arg));
if (args.includes('--help') || args.includes('-h') || unknown.length > 0) {
  if (unknown.length > 0) consoleIo.err(`Unknown option ${unknown.join(' ')}`);
  consoleIo.err(USAGE);
  process.exit(unknown.length > 0 ? 2 : 0);
}

const fake = new FakeHomeAssistant({ states: demoStates() });
const ha = await startHaServer(fake);
let exitCode = 1;
try {
  // The handler reads its settings from the environment at its first call: point it at the demo home.
  process.env.HOME_ASSISTANT_URL = ha.url;
  process.env.HOME_ASSISTANT_TOKEN = TOKEN;
  process.env.USE_PARAMETER_STORE = 'false';
  process.env.HA_ALEXA_MODE = 'native';
  process.env.HA_TOKEN_SOURCE = 'auto';
  process.env.ALEXA_SKILL_ID = LOCAL_SKILL_ID;
  process.env.HA_ASSISTANT_NAME ||= 'Jarvis';
  const handler: LambdaHandler = args.includes('--source')
    ? (await import('../src/handler.js')).handler
    : await loadBuiltHandler();
  const result = await runDemo({
    handler,
    fake,
    haUrl: ha.url,
    token: TOKEN,
    assistantName: process.env.HA_ASSISTANT_NAME,
    io: consoleIo,
    showLogs: args.includes('--logs'),
    showJson: args.includes('--json'),
  });
  exitCode = result.failures.length === 0 ? 0 : 1;
} catch (error) {
  consoleIo.err(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await ha.close();
}
process.exit(exitCode);
