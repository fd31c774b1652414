/**
 * `npm run invoke -- <discovery|on ENTITY|off ENTITY|state ENTITY|raw FILE.json> [--json] [--logs] [--demo]`:
 * the local equivalent of the Lambda console's test events.
 *
 * This script will do the following:
 * 1. pick the Home Assistant: yours when HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN are set (and
 *    --demo is not given), otherwise the built-in demo home on a loopback port;
 * 2. load the built handler (`dist/index.mjs`; `npm run invoke` builds it first when needed), or
 *    `src/` with --source;
 * 3. run the event and print a summary: Home Assistant calls, the answer, the time taken; --json
 *    prints the raw response on stdout, --logs the handler's log lines.
 * Exit code: 0 for a normal answer, 1 for an error answer (ErrorResponse, UNRECOGNIZED_EVENT, a failed
 * check), 2 for a usage error.
 */
import { FakeHomeAssistant } from '../test/fixtures/fake-home-assistant.js';
import { demoStates } from '../test/fixtures/demo-home.js';
import { startHaServer, type RunningHa } from '../test/fixtures/ha-server.js';
import { consoleIo } from './lib/io.js';
import { LOCAL_SKILL_ID } from './lib/local-events.js';
import { loadBuiltHandler, type LambdaHandler } from './lib/local-handler.js';
import { buildInvokeEvent, INVOKE_USAGE, parseInvokeArgs, runInvoke } from './lib/local-invoke.js';

const DEMO_TOKEN = 'demo-token-0123456789';

const parsed = parseInvokeArgs(process.argv.slice(2));
if (!parsed.ok) {
  if (parsed.error !== undefined) consoleIo.err(parsed.error);
  consoleIo.err(INVOKE_USAGE);
  process.exit(parsed.error === undefined ? 0 : 2);
}
const { args } = parsed;

const useDemo = args.demo || (process.env.HOME_ASSISTANT_URL ?? '') === '';
let ha: RunningHa | undefined;
let fake: FakeHomeAssistant | undefined;
let token: string;
let target: string;
if (useDemo) {
  fake = new FakeHomeAssistant({ states: demoStates() });
  ha = await startHaServer(fake);
  token = DEMO_TOKEN;
  target = `built-in demo home at ${ha.url} (set HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN to use yours)`;
  // The handler reads its settings from the environment at its first call: point it at the demo home.
  process.env.HOME_ASSISTANT_URL = ha.url;
  process.env.HOME_ASSISTANT_TOKEN = DEMO_TOKEN;
  process.env.USE_PARAMETER_STORE = 'false';
  process.env.HA_ALEXA_MODE = 'native';
  process.env.ALEXA_SKILL_ID ||= LOCAL_SKILL_ID;
} else {
  const stored = process.env.HOME_ASSISTANT_TOKEN ?? '';
  if (stored === '') {
    consoleIo.err('HOME_ASSISTANT_URL is set but HOME_ASSISTANT_TOKEN is not: create a long-lived access token in Home Assistant (your profile → Security) and export it, or add --demo');
    process.exit(2);
  }
  token = stored;
  target = `${process.env.HOME_ASSISTANT_URL ?? ''} (HOME_ASSISTANT_URL)`;
}

let exitCode: number;
try {
  const event = buildInvokeEvent(args.command, token);
  const handler: LambdaHandler = args.source
    ? (await import('../src/handler.js')).handler
    : await loadBuiltHandler();
  exitCode = await runInvoke({ handler, event, io: consoleIo, json: args.json, logs: args.logs, fake, target });
} catch (error) {
  consoleIo.err(`invoke failed: ${error instanceof Error ? error.message : String(error)}`);
  exitCode = 2;
} finally {
  await ha?.close();
}
process.exit(exitCode);
