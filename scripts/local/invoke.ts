/**
 * `npm run invoke`: the local equivalent of the Lambda console's test events. Parses the command
 * line, builds the event and prints a readable summary of what the handler did.
 */
import { readFileSync } from 'node:fs';
import { demoStates } from '../../test/fixtures/demo-home.js';
import { FakeHomeAssistant } from '../../test/fixtures/fake-home-assistant.js';
import { startHaServer, type RunningHa } from '../../test/fixtures/ha-server.js';
import type { Io } from '../shared/io.js';
import { CONFIG_DIR } from '../config/config-files.js';
import { configEnvironment } from './config-environment.js';
import { DEMO_TOKEN, useDemoEnvironment } from './demo.js';
import { DIST_INDEX, invokeQuietly, haTimeMs, loadLocalHandler, messageOf, type LambdaHandler } from './handler.js';
import { discoveryEvent, looksLikeEntity, reportStateEvent, turnOffEvent, turnOnEvent } from './events.js';
import { describeAnswer, discoveredEndpoints, formatDiscoveryTable, formatHaCall, formatServiceCall, isErrorAnswer, maskTokens } from './transcript.js';

export const INVOKE_USAGE = [
  'Usage: npm run invoke -- <command> [--json] [--logs] [--demo] [--config[=DIR]]',
  '  discovery          Alexa.Discovery Discover',
  '  on ENTITY          Alexa.PowerController TurnOn  (ENTITY: light.kitchen or light#kitchen)',
  '  off ENTITY         Alexa.PowerController TurnOff',
  '  state ENTITY       Alexa ReportState',
  '  raw FILE.json      any event from a file (Smart Home, Custom skill, {"diagnostics":"health"})',
  '  --json             print the raw response as JSON on stdout (the summary goes to stderr)',
  '  --logs             print the handler\'s JSON log lines',
  '  --demo             use the built-in demo home even when HOME_ASSISTANT_URL is set',
  '  --config[=DIR]     apply config/ (or DIR) as the deploy does: preset, filter, mode, timeout…',
  'Without HOME_ASSISTANT_URL the built-in demo home answers; with HOME_ASSISTANT_URL and',
  'HOME_ASSISTANT_TOKEN the handler talks to your Home Assistant (real devices will switch).',
].join('\n');

export type InvokeCommand =
  | { readonly kind: 'discovery' }
  | { readonly kind: 'on' | 'off' | 'state'; readonly entity: string }
  | { readonly kind: 'raw'; readonly file: string };

export interface InvokeArgs {
  readonly command: InvokeCommand;
  readonly json: boolean;
  readonly logs: boolean;
  readonly demo: boolean;
  /** Run `src/` through tsx instead of the bundle. */
  readonly source: boolean;
  /** `--config[=DIR]`: the config folder to apply, as deployed. */
  readonly configDir?: string;
}

export type ParsedInvokeArgs = { readonly ok: true; readonly args: InvokeArgs } | { readonly ok: false; readonly error: string | undefined };

const FLAGS = ['--json', '--logs', '--demo', '--source'] as const;
/** Against the demo home, its skill ID stays, so the local Custom skill events are not refused. */
const DEMO_KEPT: ReadonlySet<string> = new Set(['ALEXA_SKILL_ID']);

/** Parses `argv` (after the script name); `error` undefined means help was asked for. */
export function parseInvokeArgs(argv: readonly string[]): ParsedInvokeArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { ok: false, error: undefined };
  const configArg = argv.find((arg) => arg === '--config' || arg.startsWith('--config='));
  if (configArg === '--config=') return { ok: false, error: '--config= needs a folder, e.g. --config=config' };
  const configDir = configArg === undefined ? undefined : configArg === '--config' ? CONFIG_DIR : configArg.slice('--config='.length);
  const unknownFlag = argv.find((arg) => arg.startsWith('-') && arg !== configArg && !(FLAGS as readonly string[]).includes(arg));
  if (unknownFlag !== undefined) return { ok: false, error: `Unknown option ${unknownFlag}` };
  const words = argv.filter((arg) => !arg.startsWith('-'));
  const [name, operand, ...extra] = words;
  if (name === undefined) return { ok: false, error: 'Missing command' };
  if (extra.length > 0) return { ok: false, error: `Unexpected argument ${extra.join(' ')}` };
  let command: InvokeCommand;
  switch (name) {
    case 'discovery':
      if (operand !== undefined) return { ok: false, error: `discovery takes no argument (got ${operand})` };
      command = { kind: 'discovery' };
      break;
    case 'on':
    case 'off':
    case 'state':
      if (operand === undefined) return { ok: false, error: `${name} needs an entity, e.g. ${name} light.kitchen` };
      if (!looksLikeEntity(operand)) return { ok: false, error: `${operand} is not an entity id like light.kitchen or an endpoint id like light#kitchen` };
      command = { kind: name, entity: operand };
      break;
    case 'raw':
      if (operand === undefined) return { ok: false, error: 'raw needs a JSON file, e.g. raw event.json' };
      command = { kind: 'raw', file: operand };
      break;
    default:
      return { ok: false, error: `Unknown command ${name}` };
  }
  const has = (flag: (typeof FLAGS)[number]): boolean => argv.includes(flag);
  return { ok: true, args: { command, json: has('--json'), logs: has('--logs'), demo: has('--demo'), source: has('--source'), ...(configDir === undefined ? {} : { configDir }) } };
}

/** The event for a command; `raw` reads and parses the file (errors name the file). */
export function buildInvokeEvent(command: InvokeCommand, token: string, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): unknown {
  switch (command.kind) {
    case 'discovery':
      return discoveryEvent(token);
    case 'on':
      return turnOnEvent(command.entity, token);
    case 'off':
      return turnOffEvent(command.entity, token);
    case 'state':
      return reportStateEvent(command.entity, token);
    case 'raw': {
      let text: string;
      try {
        text = readFile(command.file);
      } catch (error) {
        throw new Error(`Cannot read ${command.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new Error(`${command.file} is not valid JSON: ${(error as Error).message}`, { cause: error });
      }
    }
  }
}

/** What kind of event this is, in one line, never with its token. */
export function describeEvent(event: unknown): string {
  const object = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  const directive = object.directive as { header?: { namespace?: unknown; name?: unknown }; endpoint?: { endpointId?: unknown } } | undefined;
  if (directive !== undefined) {
    const target = typeof directive.endpoint?.endpointId === 'string' ? ` → ${directive.endpoint.endpointId}` : '';
    return `Smart Home ${String(directive.header?.namespace)}.${String(directive.header?.name)}${target}`;
  }
  const request = object.request as { type?: unknown; intent?: { name?: unknown } } | undefined;
  if (object.version === '1.0' && request !== undefined) {
    const intent = typeof request.intent?.name === 'string' ? ` (${request.intent.name})` : '';
    return `Custom skill ${String(request.type)}${intent}`;
  }
  if (typeof object.diagnostics === 'string') return `diagnostics: ${object.diagnostics}`;
  return 'an event the handler does not recognise';
}

export interface InvokeOptions {
  readonly handler: LambdaHandler;
  readonly event: unknown;
  readonly io: Io;
  readonly json: boolean;
  readonly logs: boolean;
  /** The demo home, when it is the target: its recorded service calls are shown. */
  readonly fake?: FakeHomeAssistant;
  /** One line saying which Home Assistant answers. */
  readonly target: string;
}

/** Runs the event through the handler and prints the summary; returns the exit code (1 for an error answer). */
export async function runInvoke(options: InvokeOptions): Promise<number> {
  const { io, event } = options;
  // With --json stdout carries only the response, so it can be piped (e.g. into jq).
  const say = (line: string): void => (options.json ? io.err(line) : io.out(line));
  say(`Home Assistant: ${options.target}`);
  say(`Event:     ${describeEvent(event)}`);
  const before = options.fake?.calls.length ?? 0;
  const invocation = await invokeQuietly(options.handler, event, 'invoke');
  for (const call of invocation.summary?.haCalls ?? []) say(`HA:        ${formatHaCall(call)}`);
  for (const call of options.fake?.calls.slice(before) ?? []) say(`HA call:   ${formatServiceCall(call)}`);
  const { response } = invocation;
  say(`Answer:    ${describeAnswer(response)}`);
  const endpoints = discoveredEndpoints(response);
  if (endpoints !== undefined && endpoints.length > 0) say(formatDiscoveryTable(endpoints));
  const ha = haTimeMs(invocation.summary);
  const outcome = invocation.summary?.outcome === undefined ? '' : `; outcome ${invocation.summary.outcome}${invocation.summary.errorType === undefined ? '' : ` (${invocation.summary.errorType})`}`;
  say(`Took ${invocation.wallMs.toFixed(1)} ms, of which Home Assistant ${ha.toFixed(1)} ms${outcome}`);
  if (options.logs) for (const line of invocation.logLines) say(`log: ${line}`);
  if (options.json) io.out(JSON.stringify(maskTokens(response), null, 2));
  else if (endpoints === undefined) say(`(add --json for the raw response${options.logs ? '' : ', --logs for the log line'})`);
  return isErrorAnswer(response) ? 1 : 0;
}


/**
 * The command line (`scripts/local/invoke-cli.ts`); returns the exit code: 0 for a normal answer, 1 for an
 * error answer, 2 for a usage error or an event that cannot be read.
 */
export async function invokeCli(argv: readonly string[], io: Io, distIndex = DIST_INDEX): Promise<number> {
  const parsed = parseInvokeArgs(argv);
  if (!parsed.ok) {
    if (parsed.error !== undefined) io.err(parsed.error);
    io.err(INVOKE_USAGE);
    return parsed.error === undefined ? 0 : 2;
  }
  const { args } = parsed;
  let ha: RunningHa | undefined;
  let fake: FakeHomeAssistant | undefined;
  let token: string;
  let target: string;
  const url = process.env.HOME_ASSISTANT_URL ?? '';
  if (args.demo || url === '') {
    fake = new FakeHomeAssistant({ states: demoStates() });
    ha = await startHaServer(fake);
    useDemoEnvironment(ha.url);
    token = DEMO_TOKEN;
    target = `built-in demo home at ${ha.url} (set HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN to use yours)`;
  } else {
    token = process.env.HOME_ASSISTANT_TOKEN ?? '';
    if (token === '') {
      io.err('HOME_ASSISTANT_URL is set but HOME_ASSISTANT_TOKEN is not: create a long-lived access token in Home Assistant (your profile, Security tab) and export it, or add --demo');
      return 2;
    }
    target = `${url} (HOME_ASSISTANT_URL)`;
  }
  let code: number;
  try {
    if (args.configDir !== undefined) {
      const applied = configEnvironment(args.configDir, ha?.url ?? url);
      for (const [name, value] of Object.entries(applied.env)) if (!DEMO_KEPT.has(name) || fake === undefined) process.env[name] = value;
      target += `\nSettings:  ${args.configDir}/ as deployed: ${applied.exposure}`;
    }
    const event = buildInvokeEvent(args.command, token);
    const handler = await loadLocalHandler(args.source, distIndex);
    code = await runInvoke({ handler, event, io, json: args.json, logs: args.logs, fake, target });
  } catch (error) {
    io.err(`invoke failed: ${messageOf(error)}`);
    code = 2;
  }
  await ha?.close();
  return code;
}
