/**
 * Malformed directives get `INVALID_DIRECTIVE`, never a crash and never a call to Home Assistant:
 * a table of generated bad inputs (missing header, wrong payloadVersion, unknown namespace, wrong
 * payload types, huge strings …), each run through the real handler.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../fixtures/ha-msw.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../src/logging/logger.js';
import { directive, errorTypeOf, eventOf, loadHandler, STORED_TOKEN } from './helpers.js';
import { assertSmartHomeValid } from './schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { states: [state('light.kitchen', 'on', { supported_color_modes: ['brightness'], brightness: 100 })] });
const logs: string[] = [];
const previous = setLogSink((line) => logs.push(line));
t.teardown(() => setLogSink(previous));

type Json = Record<string, unknown>;
const HUGE = 'x'.repeat(100_000);
const WRONG_VALUES: readonly [string, unknown][] = [
  ['a number', 42],
  ['null', null],
  ['an array', ['a']],
  ['an object', { a: 1 }],
  ['an empty string', ''],
  ['a 100,000-character string', HUGE],
];

function base(): { directive: Json } {
  return directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' });
}

/** A copy of the base directive changed by `mutate`. */
function mutated(mutate: (d: Json) => void): unknown {
  const event = structuredClone(base());
  mutate(event.directive);
  return event;
}

const header = (d: Json): Json => d.header as Json;
const endpoint = (d: Json): Json => d.endpoint as Json;

const cases: [string, unknown][] = [
  ['undefined directive value', { directive: undefined }],
  ['null directive', { directive: null }],
  ['directive as a string', { directive: 'TurnOn' }],
  ['directive as an array', { directive: [] }],
  ['empty directive', { directive: {} }],
  ['missing header', mutated((d) => delete d.header)],
  ['header as a string', mutated((d) => (d.header = 'header'))],
  ['payload as a string', mutated((d) => (d.payload = 'on'))],
  ['payload as an array', mutated((d) => (d.payload = []))],
  ['payload null', mutated((d) => (d.payload = null))],
  ['payloadVersion "2"', mutated((d) => (header(d).payloadVersion = '2'))],
  ['payloadVersion 3 (a number)', mutated((d) => (header(d).payloadVersion = 3))],
  ['payloadVersion "3.0"', mutated((d) => (header(d).payloadVersion = '3.0'))],
  ['missing payloadVersion', mutated((d) => delete header(d).payloadVersion)],
  ['unknown namespace', mutated((d) => (header(d).namespace = 'Alexa.TeleportController'))],
  ['non-Alexa namespace', mutated((d) => (header(d).namespace = 'Google.OnOff'))],
  ['namespace with spaces', mutated((d) => (header(d).namespace = 'Alexa Power'))],
  ['name with punctuation', mutated((d) => (header(d).name = 'Turn-On!'))],
  ['control directive without endpoint', mutated((d) => delete d.endpoint)],
  ['endpoint as a string', mutated((d) => (d.endpoint = 'light#kitchen'))],
  ['endpoint without endpointId', mutated((d) => delete endpoint(d).endpointId)],
  ['endpointId too long', mutated((d) => (endpoint(d).endpointId = 'a'.repeat(300)))],
  ['scope as a string', mutated((d) => (endpoint(d).scope = 'Bearer x'))],
  ['scope token as a number', mutated((d) => (endpoint(d).scope = { type: 'BearerToken', token: 123 }))],
  ['scope token huge', mutated((d) => (endpoint(d).scope = { type: 'BearerToken', token: HUGE }))],
  ['cookie as a string', mutated((d) => (endpoint(d).cookie = 'c'))],
  ['instance as a number', mutated((d) => (header(d).instance = 7))],
  ['Discover with scope as a string', { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', messageId: 'm', payloadVersion: '3' }, payload: { scope: 'x' } } }],
  ['Discover with a numeric token', { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', messageId: 'm', payloadVersion: '3' }, payload: { scope: { type: 'BearerToken', token: 5 } } } }],
  ['AcceptGrant with a numeric grantee token', { directive: { header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant', messageId: 'm', payloadVersion: '3' }, payload: { grant: { type: 'OAuth2.AuthorizationCode', code: 'c' }, grantee: { type: 'BearerToken', token: 5 } } } }],
  ['AcceptGrant without grant', { directive: { header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant', messageId: 'm', payloadVersion: '3' }, payload: { grantee: { type: 'BearerToken', token: 't' } } } }],
];
for (const field of ['namespace', 'name', 'messageId'] as const) {
  cases.push([`missing header.${field}`, mutated((d) => delete header(d)[field])]);
  for (const [what, value] of WRONG_VALUES) cases.push([`header.${field} is ${what}`, mutated((d) => (header(d)[field] = value))]);
}
for (const [what, value] of WRONG_VALUES) {
  cases.push([`payloadVersion is ${what}`, mutated((d) => (header(d).payloadVersion = value))]);
  cases.push([`header.instance is ${what}`, mutated((d) => (header(d).instance = value))]);
}
for (const [what, value] of WRONG_VALUES.filter(([w]) => w !== 'an empty string')) {
  cases.push([`correlationToken is ${what}`, mutated((d) => (header(d).correlationToken = value === HUGE ? 'c'.repeat(20_000) : value))]);
  cases.push([`endpointId is ${what}`, mutated((d) => (endpoint(d).endpointId = value))]);
}
const WRONG_PAYLOADS: readonly [string, string, Json][] = [
  ['Alexa.BrightnessController', 'SetBrightness', { brightness: 'bright' }],
  ['Alexa.BrightnessController', 'SetBrightness', {}],
  ['Alexa.BrightnessController', 'SetBrightness', { brightness: null }],
  ['Alexa.BrightnessController', 'AdjustBrightness', { brightnessDelta: [10] }],
  ['Alexa.ColorController', 'SetColor', { color: 'red' }],
  ['Alexa.ColorTemperatureController', 'SetColorTemperature', { colorTemperatureInKelvin: { value: 3000 } }],
  ['Alexa.RangeController', 'SetRangeValue', { rangeValue: 'high' }],
  ['Alexa.ModeController', 'SetMode', { mode: 3 }],
  ['Alexa.Speaker', 'SetMute', { mute: 'yes' }],
  ['Alexa.Speaker', 'SetVolume', { volume: HUGE }],
  ['Alexa.InputController', 'SelectInput', { input: HUGE }],
  ['Alexa.ThermostatController', 'AdjustTargetTemperature', { targetSetpointDelta: 2 }],
  ['Alexa.SecurityPanelController', 'Arm', { armState: 1 }],
];
for (const [namespace, name, payload] of WRONG_PAYLOADS) {
  cases.push([`${namespace}.${name} with payload ${JSON.stringify(payload).slice(0, 40)}`, directive(namespace, name, { endpointId: 'light#kitchen', payload })]);
}

t.test('every malformed directive is answered with a schema-valid INVALID_DIRECTIVE and no Home Assistant call', async (t) => {
  t.ok(cases.length >= 80, `${cases.length} generated bad inputs`);
  for (const [what, event] of cases) {
    fake.reset();
    const response = await invoke(event);
    t.equal(errorTypeOf(response), 'INVALID_DIRECTIVE', what);
    t.equal(fake.requests.length, 0, `${what}: Home Assistant was not called`);
    assertSmartHomeValid(t, response, what);
  }
});

t.test('the ErrorResponse echoes the correlationToken and endpoint when they are usable', async (t) => {
  const response = await invoke(mutated((d) => (header(d).payloadVersion = '2')));
  const event = eventOf(response);
  t.equal(event.header.correlationToken, 'corr-token-1');
  t.same(event.endpoint, { endpointId: 'light#kitchen' });
  t.match(event.header.messageId, /^[0-9a-f-]{36}$/);
  t.match(event.payload.message, /payloadVersion must be "3"/);
});

t.test('a directive without a payload is read as an empty payload', async (t) => {
  const event = base();
  delete event.directive.payload;
  const response = await invoke(event);
  t.equal(errorTypeOf(response), undefined);
  assertSmartHomeValid(t, response);
});

t.test('a huge value never reaches the log line', async (t) => {
  logs.length = 0;
  await invoke(mutated((d) => (header(d).namespace = HUGE)));
  t.ok(logs.length > 0);
  t.ok(logs.every((line) => line.length < 5000), 'log lines stay short');
});
