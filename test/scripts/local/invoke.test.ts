/**
 * Tests for `npm run invoke` (scripts/local/invoke.ts): the command line, the events it builds,
 * and runs of src/'s handler against the demo home and against a "real" Home Assistant given by
 * HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN (a loopback fake standing in for it).
 */
import { join } from 'node:path';
import t from 'tap';
import { resetConfigCache } from '../../../src/config/index.js';
import { resetColdStart } from '../../../src/gateway/route.js';
import { demoStates } from '../../fixtures/demo-home.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { startHaServer } from '../../fixtures/ha-server.js';
import { assertSmartHomeValid } from '../../alexa/smart-home/schema-gaps.js';
import type { Io } from '../../../scripts/shared/io.js';
import { buildInvokeEvent, describeEvent, invokeCli, parseInvokeArgs, type InvokeCommand } from '../../../scripts/local/invoke.js';
import { writeFakeDist } from '../smoke/smoke-fake-bundle.js';

// These tests spawn Node processes and run loopback servers: give them room on a busy 2-core machine.
t.setTimeout(120_000);

const REAL_TOKEN = 'real-ha-token-9b2f61';

/** An Io that keeps stdout and stderr apart (--json must leave stdout to the response alone). */
function splitIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

async function invoke(args: string[], env: Record<string, string> = {}) {
  delete process.env.HOME_ASSISTANT_URL;
  delete process.env.HOME_ASSISTANT_TOKEN;
  Object.assign(process.env, env);
  resetConfigCache();
  resetColdStart();
  const io = splitIo();
  const code = await invokeCli(args, io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n'), all: [...io.stdout, ...io.stderr].join('\n') };
}

t.test('the command line is parsed into a command and flags, with a clear message for mistakes', (t) => {
  const good: [string[], InvokeCommand, Partial<Record<'json' | 'logs' | 'demo' | 'source', boolean>>][] = [
    [['discovery'], { kind: 'discovery' }, {}],
    [['on', 'light.kitchen'], { kind: 'on', entity: 'light.kitchen' }, {}],
    [['off', 'light#kitchen', '--json'], { kind: 'off', entity: 'light#kitchen' }, { json: true }],
    [['--logs', 'state', 'lock.front_door', '--demo'], { kind: 'state', entity: 'lock.front_door' }, { logs: true, demo: true }],
    [['raw', 'event.json', '--source'], { kind: 'raw', file: 'event.json' }, { source: true }],
  ];
  for (const [argv, command, flags] of good) {
    t.same(parseInvokeArgs(argv), { ok: true, args: { command, json: false, logs: false, demo: false, source: false, ...flags } }, argv.join(' '));
  }
  const bad: [string[], string | undefined][] = [
    [[], 'Missing command'],
    [['switch', 'light.kitchen'], 'Unknown command switch'],
    [['on'], 'on needs an entity, e.g. on light.kitchen'],
    [['state', 'kitchen'], 'kitchen is not an entity id like light.kitchen or an endpoint id like light#kitchen'],
    [['discovery', 'now'], 'discovery takes no argument (got now)'],
    [['raw'], 'raw needs a JSON file, e.g. raw event.json'],
    [['on', 'light.a', 'light.b'], 'Unexpected argument light.b'],
    [['discovery', '--verbose'], 'Unknown option --verbose'],
    [['--help'], undefined],
  ];
  for (const [argv, error] of bad) t.same(parseInvokeArgs(argv), { ok: false, error }, argv.join(' ') || '(nothing)');
  t.end();
});

t.test('commands become the directives Alexa sends; raw reads the file', (t) => {
  const header = (event: unknown) => (event as { directive: { header: { namespace: string; name: string } } }).directive.header;
  const endpoint = (event: unknown) => (event as { directive: { endpoint: { endpointId: string; scope: { token: string } } } }).directive.endpoint;
  t.match(header(buildInvokeEvent({ kind: 'discovery' }, 'tok')), { namespace: 'Alexa.Discovery', name: 'Discover' });
  t.match(header(buildInvokeEvent({ kind: 'on', entity: 'light.kitchen' }, 'tok')), { namespace: 'Alexa.PowerController', name: 'TurnOn' });
  t.match(header(buildInvokeEvent({ kind: 'off', entity: 'light.kitchen' }, 'tok')), { namespace: 'Alexa.PowerController', name: 'TurnOff' });
  t.match(header(buildInvokeEvent({ kind: 'state', entity: 'light.kitchen' }, 'tok')), { namespace: 'Alexa', name: 'ReportState' });
  t.match(endpoint(buildInvokeEvent({ kind: 'on', entity: 'light.kitchen' }, 'tok')), { endpointId: 'light#kitchen', scope: { token: 'tok' } });
  t.same(buildInvokeEvent({ kind: 'raw', file: 'x.json' }, 'tok', () => '{"diagnostics":"health"}'), { diagnostics: 'health' });
  t.throws(() => buildInvokeEvent({ kind: 'raw', file: 'x.json' }, 'tok', () => '{nope'), /^x\.json is not valid JSON: /);
  t.throws(() => buildInvokeEvent({ kind: 'raw', file: '/no/such/file.json' }, 'tok'), /Cannot read \/no\/such\/file\.json: ENOENT/);
  t.throws(
    () =>
      buildInvokeEvent({ kind: 'raw', file: 'x.json' }, 'tok', () => {
        throw new Error('odd');
      }),
    /Cannot read x\.json: Error: odd/,
  );
  t.end();
});

t.test('an event is described by its kind, never by its token', (t) => {
  const cases: [unknown, string][] = [
    [buildInvokeEvent({ kind: 'on', entity: 'light.kitchen' }, 'secret-tok'), 'Smart Home Alexa.PowerController.TurnOn → light#kitchen'],
    [buildInvokeEvent({ kind: 'discovery' }, 'secret-tok'), 'Smart Home Alexa.Discovery.Discover'],
    [{ version: '1.0', request: { type: 'IntentRequest', intent: { name: 'ConversationIntent' } } }, 'Custom skill IntentRequest (ConversationIntent)'],
    [{ version: '1.0', request: { type: 'LaunchRequest' } }, 'Custom skill LaunchRequest'],
    [{ diagnostics: 'ping' }, 'diagnostics: ping'],
    [{ hello: 'world' }, 'an event the handler does not recognise'],
    [null, 'an event the handler does not recognise'],
  ];
  for (const [event, description] of cases) t.equal(describeEvent(event), description);
  t.end();
});

t.test('without HOME_ASSISTANT_URL the demo home answers, with a readable summary', async (t) => {
  const on = await invoke(['on', 'light.kitchen', '--source']);
  t.equal(on.code, 0, on.all);
  t.match(on.stdout, /^Home Assistant: built-in demo home at http:\/\/127\.0\.0\.1:\d+/);
  t.match(on.stdout, /^Event: {5}Smart Home Alexa\.PowerController\.TurnOn → light#kitchen$/m);
  t.match(on.stdout, /^HA: {8}POST \/api\/services\/light\/turn_on → 200 \(/m);
  t.match(on.stdout, /^HA call: {3}light\.turn_on \{entity_id: light\.kitchen\}$/m);
  t.match(on.stdout, /^Answer: {4}Alexa\.Response: powerState = ON/m);
  t.match(on.stdout, /^Took [\d.]+ ms, of which Home Assistant [\d.]+ ms; outcome ok$/m);

  const discovery = await invoke(['discovery', '--source']);
  t.equal(discovery.code, 0);
  t.match(discovery.stdout, /^Kitchen Light +light#kitchen +LIGHT/m, 'the discovered devices as a table');
});

t.test('--json leaves stdout to the raw response (tokens masked) and --logs adds the log line', async (t) => {
  const result = await invoke(['state', 'light#kitchen', '--json', '--logs', '--source']);
  t.equal(result.code, 0);
  const response = JSON.parse(result.stdout) as unknown;
  t.match(response, { event: { header: { namespace: 'Alexa', name: 'StateReport' } } });
  assertSmartHomeValid(t, response, 'ReportState through invoke');
  t.match(result.stderr, /^Answer: {4}Alexa\.StateReport: powerState = OFF/m);
  t.match(result.stderr, /^log: \{.*"message":"invocation"/m);
  t.notMatch(result.all, 'demo-token-0123456789');
});

t.test('raw events: diagnostics answer 0, an unknown event 1, an unreadable file 2', async (t) => {
  const dir = t.testdir({ 'health.json': '{"diagnostics":"health"}', 'unknown.json': '{"hello":"world"}' });
  const health = await invoke(['raw', join(dir, 'health.json'), '--source']);
  t.match(health, { code: 0, stdout: /^Answer: {4}health: ok$/m });
  const unknown = await invoke(['raw', join(dir, 'unknown.json'), '--source']);
  t.match(unknown, { code: 1, stdout: /^Answer: {4}UNRECOGNIZED_EVENT: This function answers/m });
  const missing = await invoke(['raw', join(dir, 'missing.json'), '--source']);
  t.match(missing, { code: 2, stderr: /invoke failed: Cannot read .*missing\.json: ENOENT/ });
});

t.test('with HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN the handler talks to that Home Assistant, and never prints the token', async (t) => {
  // Prepare: a loopback fake stands in for the user's Home Assistant; it accepts only their token.
  const fake = new FakeHomeAssistant({ states: demoStates(), tokens: [REAL_TOKEN] });
  const ha = await startHaServer(fake);
  t.teardown(() => ha.close());

  // Act
  const result = await invoke(['off', 'light.living_room', '--json', '--logs', '--source'], { HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: REAL_TOKEN });

  // Assess
  t.equal(result.code, 0, result.all);
  t.match(result.stderr, `Home Assistant: ${ha.url} (HOME_ASSISTANT_URL)`);
  t.same(fake.calls, [{ domain: 'light', service: 'turn_off', data: { entity_id: 'light.living_room' } }]);
  t.ok(fake.requests.every((request) => request.token === REAL_TOKEN), 'every request carried the user token');
  t.notMatch(result.all, REAL_TOKEN);
  t.notMatch(result.stderr, /HA call:/, 'service calls are only known for the demo home');
});

t.test('a URL without a token is refused; --demo overrides the URL', async (t) => {
  const noToken = await invoke(['discovery', '--source'], { HOME_ASSISTANT_URL: 'http://127.0.0.1:9' });
  t.match(noToken, { code: 2, stderr: /HOME_ASSISTANT_URL is set but HOME_ASSISTANT_TOKEN is not/ });
  const demo = await invoke(['on', 'switch.coffee_maker', '--demo', '--source'], { HOME_ASSISTANT_URL: 'http://127.0.0.1:9', HOME_ASSISTANT_TOKEN: REAL_TOKEN });
  t.match(demo, { code: 0, stdout: /^HA call: {3}switch\.turn_on \{entity_id: switch\.coffee_maker\}$/m });
});

t.test('usage errors exit 2 with the usage; --help exits 0', async (t) => {
  t.match(await invoke(['fly']), { code: 2, stderr: /^Unknown command fly\nUsage: npm run invoke -- <command>/ });
  t.match(await invoke(['-h']), { code: 0, stderr: /^Usage: npm run invoke/ });
});

t.test('the built bundle is what runs without --source', async (t) => {
  // A fake dist/ stands in for the build: the summary must come from it.
  const dir = t.testdir({ dist: {}, broken: { 'index.mjs': 'export const notAHandler = 1;\n' } });
  const dist = join(dir, 'dist');
  writeFakeDist(dist);
  delete process.env.HOME_ASSISTANT_URL;
  resetConfigCache();
  const io = splitIo();
  const code = await invokeCli(['on', 'light.hallway'], io, join(dist, 'index.mjs'));
  t.equal(code, 0, io.stderr.join('\n'));
  t.match(io.stdout.join('\n'), /^HA call: {3}light\.turn_on \{entity_id: light\.hallway\}$/m);

  delete process.env.HOME_ASSISTANT_URL;
  const io2 = splitIo();
  t.equal(await invokeCli(['discovery'], io2, join(dir, 'broken', 'index.mjs')), 2);
  t.match(io2.stderr.join('\n'), /index\.mjs does not export a handler function/);
});
