/**
 * Tests for `npm run demo` (scripts/local/demo.ts): the handler of src/ runs against the demo
 * home on a loopback server, the transcript shows what a user needs to see, and problems are reported.
 */
import { join } from 'node:path';
import t from 'tap';
import { resetConfigCache } from '../../../src/config/index.js';
import { resetColdStart } from '../../../src/gateway/route.js';
import { demoStates } from '../../fixtures/demo-home.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { startHaServer } from '../../fixtures/ha-server.js';
import { assertSmartHomeValid } from '../../alexa/smart-home/schema-gaps.js';
import { createRecordingIo } from '../../../scripts/shared/io.js';
import { demoCli, DEMO_TOKEN, runDemo, useDemoEnvironment, type DemoResult } from '../../../scripts/local/demo.js';
import { loadLocalHandler, type LambdaHandler } from '../../../scripts/local/handler.js';
import { writeFakeDist } from '../smoke/smoke-fake-bundle.js';

// These tests spawn Node processes and run loopback servers: give them room on a busy 2-core machine.
t.setTimeout(120_000);

/** Fresh settings for the next handler call (the handler caches them per process, as on Lambda). */
function resetHandler(): void {
  resetConfigCache();
  resetColdStart();
}

async function demo(options: { handler?: LambdaHandler; showLogs?: boolean; showJson?: boolean } = {}) {
  const fake = new FakeHomeAssistant({ states: demoStates() });
  const ha = await startHaServer(fake);
  useDemoEnvironment(ha.url);
  resetHandler();
  const io = createRecordingIo();
  try {
    const handler = options.handler ?? (await loadLocalHandler(true));
    const result = await runDemo({ handler, fake, haUrl: ha.url, token: DEMO_TOKEN, assistantName: 'Jarvis', io, showLogs: options.showLogs, showJson: options.showJson });
    return { result, fake, io, text: io.text() };
  } finally {
    await ha.close();
  }
}

function thermostatMissing(result: DemoResult): boolean {
  return result.failures.some((failure) => failure.includes('ThermostatController') && failure.includes('not supported'));
}

t.test('the demo discovers the demo home and carries out each voice command in Home Assistant', async (t) => {
  // Act
  const { result, fake, text } = await demo();

  // Assess
  const [discovery, turnOn, thermostat, lock, blinds, alarm, report, custom] = result.steps;
  t.equal(result.steps.length, 8);
  t.match(text, /^ {3}Device +Endpoint +Category +Interfaces$/m, 'discovered devices are shown as a table');
  t.match(text, /^ {3}Kitchen Light +light#kitchen +LIGHT +PowerController, BrightnessController/m);
  t.match(text, /^ {3}Front Door +lock#front_door +SMARTLOCK +LockController/m);
  t.match(text, /^ {3}HA call: {3}light\.turn_on \{entity_id: light\.kitchen\}$/m, 'the service call of "turn on the kitchen light"');
  t.match(text, /^ {3}HA call: {3}lock\.lock \{entity_id: lock\.front_door\}$/m);
  t.match(text, /^ {3}Alexa: {5}Alexa\.Response: powerState = ON/m, "Alexa's answer to the command");
  t.match(text, /^ {3}Alexa: {5}Alexa\.StateReport: powerState = ON/m, 'ReportState shows the light is now on');
  t.equal(fake.states.get('light.kitchen')?.state, 'on');
  t.equal(fake.states.get('lock.front_door')?.state, 'locked');
  t.same(blinds?.calls, [{ domain: 'cover', service: 'set_cover_position', data: { entity_id: 'cover.living_room_blinds', position: 50 } }]);
  t.same(alarm?.calls, [{ domain: 'alarm_control_panel', service: 'alarm_arm_away', data: { entity_id: 'alarm_control_panel.house' } }]);
  t.match(text, /^ {3}House Alarm +alarm_control_panel#house +SECURITY_PANEL +SecurityPanelController/m, 'the full preset shows the whole house');
  for (const step of [discovery, turnOn, thermostat, lock, blinds, alarm, report]) assertSmartHomeValid(t, step?.invocation.response, step?.title);
  t.match(text, /"Alexa, ask Jarvis what is the temperature outside"/);
  t.match(custom?.invocation.response, { version: '1.0', response: { outputSpeech: { type: 'SSML' } } });
  const todo = thermostatMissing(result) ? { todo: 'Alexa.ThermostatController is not implemented yet' } : {};
  t.same(thermostat?.calls, [{ domain: 'climate', service: 'set_temperature', data: { entity_id: 'climate.living_room', temperature: 21 } }], 'the thermostat is set to 21', todo);
  t.same(result.failures, [], 'every step worked', todo);
  if (result.failures.length === 0) t.match(text, /^Done: 8 requests, 5 Home Assistant service calls, no errors\.$/m);
});

t.test('--logs and --json add the log lines and raw responses to the transcript, without the token', async (t) => {
  const { text } = await demo({ showLogs: true, showJson: true });
  t.match(text, /^ {3}log: {7}\{.*"message":"invocation"/m);
  t.match(text, /^ {5}"event": \{$/m);
  t.notMatch(text, DEMO_TOKEN);
});

t.test('every failed step is listed, so the demo can exit 1', async (t) => {
  // Prepare: a handler that refuses everything
  const refuse: LambdaHandler = (event) =>
    Promise.resolve(
      'directive' in (event as object)
        ? { event: { header: { namespace: 'Alexa', name: 'ErrorResponse', payloadVersion: '3', messageId: 'x' }, payload: { type: 'INTERNAL_ERROR', message: 'broken on purpose' } } }
        : { version: '1.0', response: {} },
    );

  // Act
  const { result, io } = await demo({ handler: refuse });

  // Assess
  t.equal(result.failures.length, 7);
  t.match(result.failures[0], /^Discovery: ErrorResponse INTERNAL_ERROR: broken on purpose$/);
  t.match(io.text(), /^ {3}HA call: {3}\(none\)$/m);
  t.match(io.text(), /^Problems found by the demo \(7\):$/m);
  t.match(io.text(), /Custom skill answer without speech/);
});

t.test('demoCli: options, a missing build, and a bundle that answers without calling Home Assistant', async (t) => {
  const run = async (args: string[], distIndex?: string) => {
    const io = createRecordingIo();
    resetHandler();
    return { code: await demoCli(args, io, distIndex), text: io.text() };
  };
  t.match(await run(['--bogus']), { code: 2, text: /Unknown option --bogus\nUsage: npm run demo/ });
  t.match(await run(['--help']), { code: 0, text: /^Usage: npm run demo/ });
  t.match(await run([], join(t.testdir({}), 'index.mjs')), { code: 1, text: /index\.mjs does not exist: run npm run build first/ });

  // The fake bundle turns lights on but ignores the thermostat and the lock: the demo must say so.
  const dist = t.testdir({});
  writeFakeDist(dist);
  const fakeBundle = await run([], join(dist, 'index.mjs'));
  t.equal(fakeBundle.code, 1);
  t.match(fakeBundle.text, /Alexa, set the living room thermostat to 21 degrees: Home Assistant did not receive climate\.set_temperature/);
  t.match(fakeBundle.text, /Alexa, lock the front door: Home Assistant did not receive lock\.lock/);
  t.notMatch(fakeBundle.text, /turn on the kitchen light: /, 'the command the bundle handles is not a failure');

  const source = await run(['--source']);
  // First what the demo shows and how the user's own config/ differs (whatever config/ holds), then the home.
  t.match(source.text, /^Demo settings: preset \w+, no filter[^\n]*\nYour config\/ [^\n]*\nDemo home: \d+ entities served by a fake Home Assistant at http:\/\/127\.0\.0\.1:\d+/);
  t.equal(source.code, source.text.includes('Problems found by the demo') ? 1 : 0, 'exit code follows the problems found');
});
