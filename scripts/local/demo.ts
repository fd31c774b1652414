/**
 * The `npm run demo` script: a Discovery, five voice commands, a ReportState and one sentence to
 * the personal assistant, run through the Lambda handler against the demo home, printed as a transcript.
 */
import { demoStates } from '../../test/fixtures/demo-home.js';
import { FakeHomeAssistant, type ServiceCall } from '../../test/fixtures/fake-home-assistant.js';
import { startHaServer } from '../../test/fixtures/ha-server.js';
import type { Io } from '../shared/io.js';
import { DIST_INDEX, invokeQuietly, loadLocalHandler, messageOf, type LambdaHandler, type LocalInvocation } from './handler.js';
import { customSkillEvent, directiveEvent, discoveryEvent, LOCAL_SKILL_ID, reportStateEvent, turnOnEvent } from './events.js';
import { describeAnswer, discoveredEndpoints, formatDiscoveryTable, formatHaCall, formatServiceCall, isErrorAnswer, maskTokens } from './transcript.js';
import { CONFIG_DIR } from '../config/config-files.js';
import { configEnvironment, describeExposure } from './config-environment.js';

export interface DemoOptions {
  readonly handler: LambdaHandler;
  /** The demo home the handler talks to (its recorded service calls are shown). */
  readonly fake: FakeHomeAssistant;
  readonly haUrl: string;
  /** Bearer token put in the directives (the fake accepts it). */
  readonly token: string;
  readonly assistantName: string;
  readonly io: Io;
  /** Print the handler's JSON log lines after each step. */
  readonly showLogs?: boolean;
  /** Print each raw response as JSON. */
  readonly showJson?: boolean;
}

export interface DemoStep {
  readonly title: string;
  readonly event: unknown;
  readonly invocation: LocalInvocation;
  readonly calls: readonly ServiceCall[];
}

export interface DemoResult {
  readonly steps: readonly DemoStep[];
  /** What went wrong, one line each; empty when the demo worked. */
  readonly failures: readonly string[];
}

interface Command {
  readonly say: string;
  readonly event: (token: string) => unknown;
  /** The Home Assistant service the command must call, e.g. `light.turn_on`. */
  readonly expects: string;
}

const COMMANDS: readonly Command[] = [
  { say: 'Alexa, turn on the kitchen light', event: (token) => turnOnEvent('light.kitchen', token), expects: 'light.turn_on' },
  {
    say: 'Alexa, set the living room thermostat to 21 degrees',
    event: (token) =>
      directiveEvent({
        namespace: 'Alexa.ThermostatController',
        name: 'SetTargetTemperature',
        endpoint: 'climate.living_room',
        token,
        payload: { targetSetpoint: { value: 21, scale: 'CELSIUS' } },
      }),
    expects: 'climate.set_temperature',
  },
  {
    say: 'Alexa, lock the front door',
    event: (token) => directiveEvent({ namespace: 'Alexa.LockController', name: 'Lock', endpoint: 'lock.front_door', token }),
    expects: 'lock.lock',
  },
  {
    say: 'Alexa, set the living room blinds to 50 percent',
    event: (token) =>
      directiveEvent({ namespace: 'Alexa.RangeController', name: 'SetRangeValue', instance: 'cover.position', endpoint: 'cover.living_room_blinds', token, payload: { rangeValue: 50 } }),
    expects: 'cover.set_cover_position',
  },
  {
    say: 'Alexa, arm the house alarm in away mode',
    event: (token) => directiveEvent({ namespace: 'Alexa.SecurityPanelController', name: 'Arm', endpoint: 'alarm_control_panel.house', token, payload: { armState: 'ARMED_AWAY' } }),
    expects: 'alarm_control_panel.alarm_arm_away',
  },
];

function directiveLine(event: unknown): string {
  const directive = (event as { directive?: { header?: { namespace?: string; name?: string }; endpoint?: { endpointId?: string } } }).directive;
  const target = directive?.endpoint?.endpointId === undefined ? '' : ` → ${directive.endpoint.endpointId}`;
  return `${directive?.header?.namespace ?? '?'}.${directive?.header?.name ?? '?'}${target}`;
}

/** Runs the demo and prints its transcript; never throws for a wrong answer, it lists it in `failures`. */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { io, fake } = options;
  const steps: DemoStep[] = [];
  const failures: string[] = [];
  let number = 0;

  const run = async (title: string, event: unknown): Promise<DemoStep> => {
    const before = fake.calls.length;
    const invocation = await invokeQuietly(options.handler, event, `demo-${number}`);
    const step = { title, event, invocation, calls: fake.calls.slice(before) };
    steps.push(step);
    return step;
  };
  const details = (step: DemoStep): void => {
    if (options.showLogs === true) for (const line of step.invocation.logLines) io.out(`   log:       ${line}`);
    if (options.showJson === true) io.out(JSON.stringify(maskTokens(step.invocation.response), null, 2).replace(/^/gm, '   '));
    io.out('');
  };

  io.out(`Demo home: ${fake.states.size} entities served by a fake Home Assistant at ${options.haUrl} (no AWS, no real Home Assistant)`);
  io.out('');

  number += 1;
  io.out(`${number}. "Alexa, discover my devices"`);
  const discovery = await run('Discovery', discoveryEvent(options.token));
  const answer = discovery.invocation.response;
  io.out(`   Alexa:     ${describeAnswer(answer)}`);
  const endpoints = discoveredEndpoints(answer);
  if (endpoints === undefined || endpoints.length === 0) failures.push(`Discovery: ${describeAnswer(answer)}`);
  else io.out(formatDiscoveryTable(endpoints).replace(/^/gm, '   '));
  details(discovery);

  for (const command of COMMANDS) {
    number += 1;
    io.out(`${number}. "${command.say}"`);
    const step = await run(command.say, command.event(options.token));
    io.out(`   Directive: ${directiveLine(step.event)}`);
    if (step.calls.length === 0) io.out('   HA call:   (none)');
    for (const call of step.calls) io.out(`   HA call:   ${formatServiceCall(call)}`);
    io.out(`   Alexa:     ${describeAnswer(step.invocation.response)}`);
    if (isErrorAnswer(step.invocation.response)) failures.push(`${command.say}: ${describeAnswer(step.invocation.response)}`);
    else if (!step.calls.some((call) => `${call.domain}.${call.service}` === command.expects)) {
      failures.push(`${command.say}: Home Assistant did not receive ${command.expects}`);
    }
    details(step);
  }

  number += 1;
  io.out(`${number}. The Alexa app asks for the kitchen light's state (ReportState)`);
  const report = await run('ReportState', reportStateEvent('light.kitchen', options.token));
  io.out(`   Directive: ${directiveLine(report.event)}`);
  for (const call of report.invocation.summary?.haCalls ?? []) io.out(`   HA:        ${formatHaCall(call)}`);
  io.out(`   Alexa:     ${describeAnswer(report.invocation.response)}`);
  if (isErrorAnswer(report.invocation.response)) failures.push(`ReportState: ${describeAnswer(report.invocation.response)}`);
  details(report);

  number += 1;
  const utterance = 'what is the temperature outside';
  io.out(`${number}. "Alexa, ask ${options.assistantName} ${utterance}" (Custom skill, answered by Home Assistant's Assist)`);
  const custom = await run('Custom skill', customSkillEvent({ type: 'IntentRequest', utterance }));
  for (const call of custom.invocation.summary?.haCalls ?? []) io.out(`   HA:        ${formatHaCall(call)}`);
  io.out(`   Alexa:     ${describeAnswer(custom.invocation.response)}`);
  details(custom);

  const serviceCalls = steps.reduce((sum, step) => sum + step.calls.length, 0);
  if (failures.length === 0) {
    io.out(`Done: ${steps.length} requests, ${serviceCalls} Home Assistant service calls, no errors.`);
  } else {
    io.err(`Problems found by the demo (${failures.length}):`);
    for (const failure of failures) io.err(`  - ${failure}`);
  }
  return { steps, failures };
}

export const DEMO_USAGE = 'Usage: npm run demo [-- --logs] [--json] [--source]';
/** The bearer token of the demo home. */
export const DEMO_TOKEN = 'demo-token-0123456789';
const DEMO_FLAGS = new Set(['--logs', '--json', '--source']);

/**
 * Points the handler at `haUrl`: it reads its settings from the environment at its first call.
 * Settings the user may vary (e.g. `HA_FEATURE_PRESET`) are left alone.
 */
export function useDemoEnvironment(haUrl: string): void {
  process.env.HOME_ASSISTANT_URL = haUrl;
  process.env.HOME_ASSISTANT_TOKEN = DEMO_TOKEN;
  process.env.USE_PARAMETER_STORE = 'false';
  process.env.HA_ALEXA_MODE = 'native';
  process.env.HA_TOKEN_SOURCE = 'auto';
  process.env.ALEXA_SKILL_ID = LOCAL_SKILL_ID;
  process.env.HA_ASSISTANT_NAME ||= 'Jarvis';
  // The whole house is on show unless the user picks a smaller preset.
  process.env.HA_FEATURE_PRESET ||= 'full';
}

/**
 * What the demo shows and how that differs from the user's own config/: the demo exposes the whole
 * house (preset full, no filter), while a deploy applies config/function.yaml and parameters.yaml.
 */
export function settingsNote(haUrl: string, configDir = CONFIG_DIR): string[] {
  const lines = [`Demo settings: ${describeExposure(process.env.HA_FEATURE_PRESET ?? 'full', undefined)}, native mode.`];
  try {
    const yours = configEnvironment(configDir, haUrl);
    lines.push(`Your ${configDir}/ deploys with ${yours.exposure}; to see the demo home through it: npm run invoke -- discovery --demo --config`);
  } catch (error) {
    lines.push(`Your ${configDir}/ cannot be read, so a deploy would stop: ${messageOf(error)}`);
  }
  return lines;
}

/** The command line (`scripts/local/demo-cli.ts`); returns the exit code: 0 when every step worked, 1 otherwise, 2 for bad options. */
export async function demoCli(argv: readonly string[], io: Io, distIndex = DIST_INDEX): Promise<number> {
  const unknown = argv.filter((arg) => !DEMO_FLAGS.has(arg));
  if (unknown.length > 0) {
    const help = unknown.every((arg) => arg === '--help' || arg === '-h');
    if (!help) io.err(`Unknown option ${unknown.join(' ')}`);
    io.err(DEMO_USAGE);
    return help ? 0 : 2;
  }
  const fake = new FakeHomeAssistant({ states: demoStates() });
  const ha = await startHaServer(fake);
  let code: number;
  try {
    useDemoEnvironment(ha.url);
    for (const line of settingsNote(ha.url)) io.out(line);
    const handler = await loadLocalHandler(argv.includes('--source'), distIndex);
    const result = await runDemo({
      handler,
      fake,
      haUrl: ha.url,
      token: DEMO_TOKEN,
      assistantName: process.env.HA_ASSISTANT_NAME ?? 'Jarvis',
      io,
      showLogs: argv.includes('--logs'),
      showJson: argv.includes('--json'),
    });
    code = result.failures.length === 0 ? 0 : 1;
  } catch (error) {
    io.err(`demo failed: ${messageOf(error)}`);
    code = 1;
  }
  await ha.close();
  return code;
}
