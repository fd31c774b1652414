/**
 * The smoke test of the deployable artifact: `dist/lambda.zip` is unzipped into a temporary folder
 * outside the project (so nothing from its node_modules is reachable), imported by a fresh Node
 * process (any binary: the machine's, or Node 24 as on Lambda) and driven against a loopback fake
 * Home Assistant. Each check prints `ok - …` or `not ok - …`; the last line is `N passed, M failed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { FakeHomeAssistant } from '../../test/fixtures/fake-home-assistant.js';
import { demoStates } from '../../test/fixtures/demo-home.js';
import { startHaServer } from '../../test/fixtures/ha-server.js';
import { schemaAvailable, schemaErrors } from '../../test/fixtures/alexa-schema.js';
import { withoutKnownGaps } from '../../test/alexa/smart-home/schema-gaps.js';
import { formatBytes } from '../shared/format.js';
import { startLoopbackSsm } from './smoke-ssm.js';
import type { Io } from '../shared/io.js';
import { LambdaChild, RUNNER_PATH, type ResultMessage } from './lambda-child.js';
import { messageOf, PROJECT_ROOT } from '../local/handler.js';
import { customSkillEvent, discoveryEvent, HEALTH_EVENT, LOCAL_SKILL_ID, reportStateEvent, turnOnEvent, UNKNOWN_EVENT } from '../local/events.js';
import { describeAnswer, discoveredEndpoints, formatProperties, spokenText } from '../local/transcript.js';
import { configEnvironment } from '../local/config-environment.js';

export interface SmokeOptions {
  readonly zipPath: string;
  /** Node binary that runs the bundle; default: this process's. */
  readonly nodePath?: string;
  readonly io: Io;
  /** Print the handler's log lines under each check. */
  readonly logs?: boolean;
  /** LUGS settings to run the checks under; default both (lazy chunks, and everything at init). */
  readonly lugs?: readonly ('true' | 'false')[];
  /** Also run with USE_PARAMETER_STORE=true against a loopback SSM (`--ssm`). */
  readonly parameterStore?: boolean;
  /** Also run with the settings this config/ folder deploys (`--config DIR`). */
  readonly configDir?: string;
}

export interface SmokeResult {
  readonly passed: number;
  readonly failed: number;
  readonly nodeVersion: string;
}

/** The bearer token of the smoke test's fake Home Assistant; a check makes sure no log line contains it. */
export const SMOKE_TOKEN = 'smoke-token-7f3a9c2e51';

type JsonObject = Record<string, unknown>;
const get = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((current, key) => (typeof current === 'object' && current !== null ? (current as JsonObject)[key] : undefined), value);

/** Unzips into a new folder under the OS temp dir; the zip must hold `index.mjs` at its root. */
export function unzipBundle(zipPath: string): { dir: string; files: number; bytes: number } {
  const zipped = readFileSync(zipPath);
  const entries = unzipSync(new Uint8Array(zipped));
  const names = Object.keys(entries).filter((name) => !name.endsWith('/'));
  if (!names.includes('index.mjs')) {
    throw new Error(`${zipPath} has no index.mjs at its root (Lambda's handler is index.handler); it holds: ${names.slice(0, 5).join(', ') || 'nothing'}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-smoke-'));
  for (const name of names) {
    if (name.split('/').includes('..')) throw new Error(`${zipPath} holds an unsafe path: ${name}`);
    const target = join(dir, 'bundle', name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, entries[name] as Uint8Array);
  }
  return { dir, files: names.length, bytes: zipped.length };
}

/** `v24.9.0`, or throws with the binary's complaint. */
export function nodeVersion(nodePath: string): string {
  const result = spawnSync(nodePath, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  if (result.status !== 0) throw new Error(`${nodePath} --version failed: ${result.error?.message ?? result.stderr.trim()}`);
  return result.stdout.trim();
}

/** Schema errors, apart from the documented places where Amazon's schema lags behind Alexa (see schema-gaps.ts). */
function schemaProblem(response: unknown): string | undefined {
  if (!schemaAvailable()) return undefined;
  const errors = schemaErrors(withoutKnownGaps(response).message);
  return errors.length === 0 ? undefined : `not valid against Amazon's schema: ${errors.slice(0, 3).join('; ')}`;
}

/** Runs every check; never throws for a failed check, only for a missing or broken zip. */
export async function runSmoke(options: SmokeOptions): Promise<SmokeResult> {
  const { io } = options;
  const nodePath = options.nodePath ?? process.execPath;
  const version = nodeVersion(nodePath);
  const bundle = unzipBundle(options.zipPath);
  const fake = new FakeHomeAssistant({ states: demoStates(), tokens: [SMOKE_TOKEN] });
  const ha = await startHaServer(fake);
  let passed = 0;
  let failed = 0;
  const record = (name: string, problem: string | undefined, logs: readonly string[] = []): void => {
    if (problem === undefined) {
      passed += 1;
      io.out(`ok - ${name}`);
    } else {
      failed += 1;
      io.out(`not ok - ${name}: ${problem}`);
    }
    if (options.logs === true) for (const line of logs) io.out(`    log: ${line}`);
  };

  io.out(`Smoke test of ${options.zipPath} (${formatBytes(bundle.bytes)}, ${bundle.files} files), unzipped into ${bundle.dir} (outside the project)`);
  io.out(`Node ${version} (${nodePath}); fake Home Assistant at ${ha.url} with ${fake.states.size} entities`);
  if (!schemaAvailable()) io.out("(Amazon's schema is not beside the project: answers are checked without it)");
  try {
    for (const lugs of options.lugs ?? ['true', 'false']) {
      io.out('');
      io.out(`# LUGS_ENABLED=${lugs}`);
      const child = new LambdaChild({
        nodePath,
        runnerPath: RUNNER_PATH,
        indexPath: join(bundle.dir, 'bundle', 'index.mjs'),
        cwd: bundle.dir,
        env: {
          HOME_ASSISTANT_URL: ha.url,
          HOME_ASSISTANT_TOKEN: SMOKE_TOKEN,
          USE_PARAMETER_STORE: 'false',
          LUGS_ENABLED: lugs,
          ALEXA_SKILL_ID: LOCAL_SKILL_ID,
          HA_ASSISTANT_NAME: 'Jarvis',
        },
      });
      try {
        await runChecks(child, fake, record);
      } finally {
        child.kill();
      }
    }
    if (options.parameterStore === true) await runParameterStoreChecks(nodePath, bundle.dir, ha.url, io, record);
    if (options.configDir !== undefined) await runConfigChecks(nodePath, bundle.dir, { url: ha.url, entities: fake.states.size }, options.configDir, io, record);
  } finally {
    await ha.close();
    rmSync(bundle.dir, { recursive: true, force: true });
  }
  io.out('');
  io.out(`${passed} passed, ${failed} failed`);
  return { passed, failed, nodeVersion: version };
}

type RecordCheck = (name: string, problem: string | undefined, logs?: readonly string[]) => void;

/** Sends one event to the child and records the check on its answer (a throw or a lost child fails it). */
function checkAnswer(child: LambdaChild, record: RecordCheck) {
  return async (name: string, event: unknown, check: (response: unknown) => string | undefined): Promise<void> => {
    try {
      const result = await child.invoke(event);
      record(name, result.error === undefined ? check(result.response) : `the handler threw ${result.error}`, result.logs);
    } catch (error) {
      record(name, (error as Error).message);
    }
  };
}

/**
 * The deployed configuration: no Home Assistant settings in the environment, everything read from
 * Parameter Store through the bundled AWS SDK, once per cold start.
 */
async function runParameterStoreChecks(nodePath: string, bundleDir: string, haUrl: string, io: Io, record: RecordCheck): Promise<void> {
  const prefix = '/smoke-test';
  const ssm = await startLoopbackSsm({ [`${prefix}/homeassistant/url`]: haUrl, [`${prefix}/homeassistant/token`]: SMOKE_TOKEN, [`${prefix}/homeassistant/assistant_name`]: 'Jarvis' });
  io.out('');
  io.out(`# USE_PARAMETER_STORE=true (SSM faked on loopback at ${ssm.url})`);
  const child = new LambdaChild({
    nodePath,
    runnerPath: RUNNER_PATH,
    indexPath: join(bundleDir, 'bundle', 'index.mjs'),
    cwd: bundleDir,
    env: {
      USE_PARAMETER_STORE: 'true',
      PARAMETER_PREFIX: prefix,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIASMOKETEST',
      AWS_SECRET_ACCESS_KEY: 'smoke-test-secret-key',
    },
  });
  try {
    const ready = await child.ready().catch((error: unknown) => ({ error: (error as Error).message }));
    if (ready.error !== undefined) {
      record('the bundle loads with USE_PARAMETER_STORE=true', ready.error);
      return;
    }
    const invoke = checkAnswer(child, record);
    await invoke('{"diagnostics":"health"} answers ok with settings from Parameter Store', HEALTH_EVENT, (response) =>
      get(response, 'ok') === true && get(response, 'parameterStore') === true ? undefined : `got ${JSON.stringify(response).slice(0, 300)}`,
    );
    await invoke('Discovery without a token of its own uses the URL and token from Parameter Store', discoveryEvent(''), (response) => {
      const endpoints = discoveredEndpoints(response);
      return endpoints?.some((endpoint) => endpoint.endpointId === 'light#kitchen') === true ? undefined : `got ${describeAnswer(response)}`;
    });
    record('Parameter Store was read once for both invocations (GetParametersByPath)', ssm.calls() === 1 ? undefined : `${ssm.calls()} reads`);
  } finally {
    child.kill();
    await ssm.close();
  }
}

/**
 * The settings this config/ folder deploys (config/function.yaml's environment, config/parameters.yaml's
 * filter, preset and assistant name, config/skill.yaml's locale), applied to the bundle against the
 * demo home: the build job runs this on every push, so a setting the Lambda refuses fails before any
 * deploy. The demo home is not the user's, so Discovery may find none of its devices through the
 * user's filter; the answer must still be a valid Discover.Response. The Custom skill check uses the
 * local skill ID, since the user's skill ID only admits Alexa's requests.
 */
async function runConfigChecks(nodePath: string, bundleDir: string, ha: { url: string; entities: number }, configDir: string, io: Io, record: RecordCheck): Promise<void> {
  io.out('');
  io.out(`# the settings ${configDir}/ deploys`);
  let applied: ReturnType<typeof configEnvironment>;
  try {
    applied = configEnvironment(configDir, ha.url);
  } catch (error) {
    record(`${configDir}/ can be read`, messageOf(error));
    return;
  }
  io.out(`(${applied.exposure})`);
  const child = new LambdaChild({
    nodePath,
    runnerPath: RUNNER_PATH,
    indexPath: join(bundleDir, 'bundle', 'index.mjs'),
    cwd: bundleDir,
    env: { ...applied.env, HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: SMOKE_TOKEN, USE_PARAMETER_STORE: 'false', ALEXA_SKILL_ID: LOCAL_SKILL_ID },
  });
  try {
    const ready = await child.ready().catch((error: unknown) => ({ error: (error as Error).message }));
    if (ready.error !== undefined) {
      record(`the bundle loads with ${configDir}/'s settings`, ready.error);
      return;
    }
    const send = checkAnswer(child, record);
    await send(`{"diagnostics":"health"} answers ok with ${configDir}/'s settings`, HEALTH_EVENT, (response) =>
      get(response, 'ok') === true ? undefined : `got ${describeAnswer(response)}`,
    );
    let found = 0;
    await send(`Discovery with ${configDir}/'s filter answers a valid Discover.Response`, discoveryEvent(SMOKE_TOKEN), (response) => {
      const endpoints = discoveredEndpoints(response);
      if (endpoints === undefined) return `got ${describeAnswer(response)}`;
      found = endpoints.length;
      return schemaProblem(response);
    });
    io.out(`    (${found} of the demo home's ${ha.entities} entities pass your filter; your own home is checked by the deploy's smoke test)`);
    await send(`a Custom skill LaunchRequest answers with speech (${configDir}/'s assistant name and locale)`, customSkillEvent({ type: 'LaunchRequest' }), (response) =>
      spokenText(response) === undefined ? `got ${describeAnswer(response)}` : undefined,
    );
  } finally {
    child.kill();
  }
}

async function runChecks(child: LambdaChild, fake: FakeHomeAssistant, record: RecordCheck): Promise<void> {
  const ready = await child.ready().catch((error: unknown) => ({ error: (error as Error).message, importMs: undefined, initLogs: [] }));
  record(`the bundle loads in a fresh Node process${ready.importMs === undefined ? '' : ` (import ${ready.importMs.toFixed(0)} ms)`}`, ready.error, ready.initLogs);
  if (ready.error !== undefined) return;
  const allLogs: string[] = [...(ready.initLogs ?? [])];

  const send = async (name: string, event: unknown, check: (result: ResultMessage) => string | undefined): Promise<ResultMessage | undefined> => {
    let result: ResultMessage;
    try {
      result = await child.invoke(event);
    } catch (error) {
      record(name, (error as Error).message);
      return undefined;
    }
    allLogs.push(...result.logs);
    record(name, result.error === undefined ? check(result) : `the handler threw ${result.error}`, result.logs);
    return result;
  };

  await send('{"diagnostics":"health"} answers ok', HEALTH_EVENT, ({ response }) =>
    get(response, 'diagnostics') === 'health' && get(response, 'ok') === true ? undefined : `got ${describeAnswer(response)}`,
  );

  await send('Discovery answers Discover.Response with light#kitchen among the endpoints', discoveryEvent(SMOKE_TOKEN), ({ response }) => {
    const endpoints = discoveredEndpoints(response);
    if (endpoints === undefined) return `got ${describeAnswer(response)}`;
    if (!endpoints.some((endpoint) => endpoint.endpointId === 'light#kitchen')) return `${endpoints.length} endpoints, none is light#kitchen`;
    return schemaProblem(response);
  });

  const callsBefore = fake.calls.length;
  await send('TurnOn light#kitchen answers Alexa.Response and calls light.turn_on', turnOnEvent('light.kitchen', SMOKE_TOKEN), ({ response, logs }) => {
    if (get(response, 'event', 'header', 'namespace') !== 'Alexa' || get(response, 'event', 'header', 'name') !== 'Response') return `got ${describeAnswer(response)}`;
    const called = fake.calls.slice(callsBefore).some((call) => call.domain === 'light' && call.service === 'turn_on' && call.data.entity_id === 'light.kitchen');
    if (!called) return 'Home Assistant received no light.turn_on for light.kitchen';
    if (!logs.some((line) => line.includes('"message":"invocation"'))) return 'no "invocation" log line was written';
    return schemaProblem(response);
  });

  await send('ReportState light#kitchen answers StateReport with powerState ON', reportStateEvent('light.kitchen', SMOKE_TOKEN), ({ response }) => {
    if (get(response, 'event', 'header', 'name') !== 'StateReport') return `got ${describeAnswer(response)}`;
    if (!formatProperties(response).includes('powerState = ON')) return `properties: ${formatProperties(response) || 'none'}`;
    return schemaProblem(response);
  });

  await send('an unknown event answers UNRECOGNIZED_EVENT', UNKNOWN_EVENT, ({ response }) =>
    get(response, 'error', 'type') === 'UNRECOGNIZED_EVENT' ? undefined : `got ${describeAnswer(response)}`,
  );

  await send('a Custom skill LaunchRequest (ALEXA_SKILL_ID set) answers with speech', customSkillEvent({ type: 'LaunchRequest' }), ({ response }) =>
    spokenText(response) === undefined ? `got ${describeAnswer(response)}` : undefined,
  );

  record('no log line contains the Home Assistant token', allLogs.some((line) => line.includes(SMOKE_TOKEN)) ? 'the token was logged' : undefined);

  try {
    const done = await child.finish();
    record(`the process ends cleanly (peak RSS ${(done.maxRssKb / 1024).toFixed(1)} MB)`, done.exitCode === 0 ? undefined : `exit code ${String(done.exitCode)}`);
  } catch (error) {
    record('the process ends cleanly', (error as Error).message);
  }
}

export const SMOKE_USAGE = 'Usage: npm run smoke -- [--node /path/to/node] [--zip dist/lambda.zip] [--logs] [--ssm] [--config DIR]';

/** The command line (`scripts/smoke/smoke.ts`); returns the exit code: 0 all passed, 1 a failure, 2 bad arguments. */
export async function smokeCli(argv: readonly string[], io: Io): Promise<number> {
  const args = [...argv];
  const values: Record<'--node' | '--zip' | '--config', string | undefined> = { '--node': undefined, '--zip': undefined, '--config': undefined };
  let logs = false;
  let parameterStore = false;
  while (args.length > 0) {
    const arg = args.shift() as string;
    if (arg === '--help' || arg === '-h') {
      io.out(SMOKE_USAGE);
      return 0;
    }
    if (arg === '--logs') logs = true;
    else if (arg === '--ssm') parameterStore = true;
    else if (arg === '--node' || arg === '--zip' || arg === '--config') {
      const value = args.shift();
      if (value === undefined || value.startsWith('--')) {
        io.err(`${arg} needs a value\n${SMOKE_USAGE}`);
        return 2;
      }
      values[arg] = value;
    } else {
      io.err(`Unexpected argument ${arg}\n${SMOKE_USAGE}`);
      return 2;
    }
  }
  const zipPath = resolve(values['--zip'] ?? join(PROJECT_ROOT, 'dist', 'lambda.zip'));
  if (!existsSync(zipPath)) {
    io.err(`${zipPath} does not exist: run npm run build first`);
    return 1;
  }
  try {
    const configDir = values['--config'];
    const result = await runSmoke({ zipPath, nodePath: values['--node'] ?? process.execPath, io, logs, parameterStore, ...(configDir === undefined ? {} : { configDir }) });
    return result.failed === 0 ? 0 : 1;
  } catch (error) {
    io.err(`smoke test failed: ${messageOf(error)}`);
    return 1;
  }
}
