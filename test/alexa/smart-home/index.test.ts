/**
 * The Smart Home entry point in native mode: which token reaches Home Assistant, AcceptGrant, and the
 * one error boundary that turns every Home Assistant failure into the Alexa error that makes Alexa
 * say the right thing.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../fixtures/ha-msw.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { resetConfigCache } from '../../../src/config/index.js';
import { resetBreakers } from '../../../src/homeassistant/index.js';
import { setLogSink } from '../../../src/logging/logger.js';
import { smartHomeFailure } from '../../../src/alexa/smart-home/index.js';
import { acceptGrantDirective, directive, discoverDirective, DIRECTIVE_TOKEN, errorTypeOf, eventOf, loadHandler, nameOf, STORED_TOKEN } from './helpers.js';
import { assertSmartHomeValid } from './schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full', HA_TIMEOUT: '2', HA_CIRCUIT_THRESHOLD: '1000' });
const { fake } = useFakeHa(t, {
  states: [
    state('light.kitchen', 'off', { friendly_name: 'Kitchen', supported_color_modes: ['brightness'] }),
    state('switch.dead', 'unavailable', { friendly_name: 'Dead plug' }),
    state('select.mode', 'a', { options: ['a', 'b'] }),
  ],
});
const logs: Record<string, unknown>[] = [];
const previous = setLogSink((line) => logs.push(JSON.parse(line) as Record<string, unknown>));
t.teardown(() => setLogSink(previous));
t.beforeEach(() => {
  fake.reset();
  logs.length = 0;
  resetBreakers();
});

const turnOn = (endpointId = 'light#kitchen', token?: string | null) => directive('Alexa.PowerController', 'TurnOn', { endpointId, token });
// Warm-up: the first invocation loads the native chunk and msw; keep that out of the timed cases.
await invoke(directive('Alexa', 'ReportState', { endpointId: 'light#kitchen' }));

const summary = () => logs.find((line) => line.message === 'invocation') ?? {};

t.test('native mode uses the token the directive carries, where HA\'s own Lambda looks for it', async (t) => {
  const cases: [string, unknown, string][] = [
    ['control: endpoint.scope', turnOn(), DIRECTIVE_TOKEN],
    ['ReportState: endpoint.scope', directive('Alexa', 'ReportState', { endpointId: 'light#kitchen', token: 'report-token' }), 'report-token'],
    ['Discover: payload.scope', discoverDirective('discover-token'), 'discover-token'],
    ['control without a token: the stored token', turnOn('light#kitchen', null), STORED_TOKEN],
    ['Discover without payload.scope (the discovery test\'s --token stored): the stored token', discoverDirective(null), STORED_TOKEN],
    ['Discover without a token: the stored token', { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', messageId: 'm', payloadVersion: '3' }, payload: { scope: { type: 'BearerToken' } } } }, STORED_TOKEN],
  ];
  for (const [what, event, token] of cases) {
    fake.reset();
    const response = await invoke(event);
    t.equal(errorTypeOf(response), undefined, `${what}: no error`);
    t.ok(fake.requests.length > 0 && fake.requests.every((request) => request.token === token), `${what}: every call used ${token}`);
    assertSmartHomeValid(t, response, what);
  }
});

t.test('HA_TOKEN_SOURCE=stored always uses the stored token; =directive refuses a directive without one', async (t) => {
  t.teardown(() => {
    delete process.env.HA_TOKEN_SOURCE;
    resetConfigCache();
  });
  process.env.HA_TOKEN_SOURCE = 'stored';
  resetConfigCache();
  await invoke(turnOn());
  t.same(fake.requests.map((request) => request.token), [STORED_TOKEN, STORED_TOKEN]);

  process.env.HA_TOKEN_SOURCE = 'directive';
  resetConfigCache();
  fake.reset();
  const response = await invoke(turnOn('light#kitchen', null));
  t.equal(errorTypeOf(response), 'INVALID_AUTHORIZATION_CREDENTIAL');
  t.match(eventOf(response).payload.message, /HA_TOKEN_SOURCE=directive/);
  t.equal(fake.requests.length, 0, 'Home Assistant is not called without a token');
  assertSmartHomeValid(t, response);
});

t.test('AcceptGrant is accepted with a payload that is exactly {} and no Home Assistant call', async (t) => {
  const response = await invoke(acceptGrantDirective());
  t.equal(nameOf(response), 'Alexa.Authorization.AcceptGrant.Response');
  t.same(eventOf(response).payload, {});
  t.equal(Object.keys(eventOf(response).payload).length, 0);
  t.equal(fake.requests.length, 0);
  assertSmartHomeValid(t, response);
});

t.test('Home Assistant failures become the Alexa error that makes Alexa say the right thing', async (t) => {
  const html = { status: 200, body: '<html><title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/x"></script></html>', headers: { 'content-type': 'text/html' } };
  const cases: { what: string; answer: Record<string, unknown>; on: 'state' | 'service'; type: string; message?: RegExp }[] = [
    { what: '401 on the state read', answer: { status: 401, body: '401: Unauthorized' }, on: 'state', type: 'INVALID_AUTHORIZATION_CREDENTIAL', message: /token was rejected/ },
    { what: '403 on the service call', answer: { status: 403, body: { message: 'Forbidden' } }, on: 'service', type: 'INVALID_AUTHORIZATION_CREDENTIAL' },
    { what: 'a Cloudflare challenge page', answer: html, on: 'state', type: 'BRIDGE_UNREACHABLE', message: /Cloudflare/ },
    { what: '502 from a reverse proxy', answer: { status: 502, body: 'Bad Gateway' }, on: 'state', type: 'BRIDGE_UNREACHABLE' },
    { what: '500 from the service (device failed)', answer: { status: 500, body: 'Internal Server Error' }, on: 'service', type: 'ENDPOINT_UNREACHABLE' },
    { what: '500 on the state read', answer: { status: 500, body: 'oops' }, on: 'state', type: 'INTERNAL_ERROR' },
    { what: '400 from the service (bad data)', answer: { status: 400, body: { message: 'Invalid data' } }, on: 'service', type: 'INVALID_VALUE' },
    { what: 'no answer within the deadline', answer: { status: 200, body: [], delayMs: 2500 }, on: 'service', type: 'BRIDGE_UNREACHABLE', message: /2000 ms/ },
  ];
  for (const { what, answer, on, type, message } of cases) {
    fake.reset();
    resetBreakers();
    fake.override((request) => ((on === 'state' ? request.method === 'GET' : request.method === 'POST') ? (answer as never) : undefined));
    const response = await invoke(turnOn());
    t.equal(errorTypeOf(response), type, what);
    if (message !== undefined) t.match(eventOf(response).payload.message, message, `${what}: the message says what to fix`);
    t.equal(eventOf(response).header.correlationToken, 'corr-token-1', `${what}: correlationToken echoed`);
    t.same(eventOf(response).endpoint, { endpointId: 'light#kitchen' }, `${what}: endpoint echoed`);
    assertSmartHomeValid(t, response, what);
  }
});

t.test('odd items in HA\'s list of changed states are ignored', async (t) => {
  fake.override((request) => (request.method === 'POST' ? { status: 200, body: [null, 3, 'x', {}, { entity_id: 'light.other', state: 'on', attributes: {} }] } : undefined));
  const response = await invoke(turnOn());
  t.equal(errorTypeOf(response), undefined);
  assertSmartHomeValid(t, response);
});

t.test('Discover failures are errors too: a rejected token asks for a relink', async (t) => {
  fake.override(() => ({ status: 401, body: '401: Unauthorized' }));
  const response = await invoke(discoverDirective());
  t.equal(errorTypeOf(response), 'INVALID_AUTHORIZATION_CREDENTIAL');
  t.equal(eventOf(response).endpoint, undefined);
  assertSmartHomeValid(t, response);
});

t.test('unknown, unsupported and unavailable entities', async (t) => {
  const cases: [string, string, string, number][] = [
    ['an entity HA does not have', 'light#nowhere', 'NO_SUCH_ENDPOINT', 1],
    ['a domain the bridge does not expose (select), without asking HA', 'select#mode', 'NO_SUCH_ENDPOINT', 0],
    ['an endpointId that is no entity at all', 'garbage', 'NO_SUCH_ENDPOINT', 0],
    ['an unavailable entity: ENDPOINT_UNREACHABLE, no service call', 'switch#dead', 'ENDPOINT_UNREACHABLE', 1],
  ];
  for (const [what, endpointId, type, requests] of cases) {
    fake.reset();
    const response = await invoke(turnOn(endpointId));
    t.equal(errorTypeOf(response), type, what);
    t.equal(fake.requests.length, requests, `${what}: ${requests} Home Assistant request(s)`);
    t.same(fake.calls, [], `${what}: no service call`);
    assertSmartHomeValid(t, response, what);
  }
});

t.test('a directive no capability answers is INVALID_DIRECTIVE, before any call', async (t) => {
  const response = await invoke(directive('Alexa.PowerController', 'Toggle', { endpointId: 'light#kitchen' }));
  t.equal(errorTypeOf(response), 'INVALID_DIRECTIVE');
  t.equal(fake.requests.length, 0);
  assertSmartHomeValid(t, response);
});

t.test('the invocation log line names the operation, endpoint and error', async (t) => {
  await invoke(turnOn('switch#dead'));
  t.match(summary(), { operation: 'Alexa.PowerController.TurnOn', endpoint: 'switch#dead', outcome: 'error', errorType: 'ENDPOINT_UNREACHABLE' });
  t.notMatch(JSON.stringify(logs), DIRECTIVE_TOKEN, 'the directive token is never logged');
  logs.length = 0;
  await invoke(turnOn());
  t.match(summary(), { operation: 'Alexa.PowerController.TurnOn', endpoint: 'light#kitchen', outcome: 'ok' });
});

t.test('smartHomeFailure builds a schema-valid ErrorResponse from whatever the event holds', (t) => {
  const events: [string, unknown][] = [
    ['a full directive', turnOn()],
    ['an empty object', {}],
    ['null', null],
    ['a directive with an invalid endpointId', { directive: { header: { correlationToken: 'c' }, endpoint: { endpointId: 'has space' } } }],
  ];
  for (const [what, event] of events) {
    const response = smartHomeFailure(event, 'BRIDGE_UNREACHABLE', 'Home Assistant is switched off');
    t.equal(errorTypeOf(response), 'BRIDGE_UNREACHABLE', what);
    assertSmartHomeValid(t, response, what);
  }
  const first = eventOf(smartHomeFailure(turnOn(), 'INTERNAL_ERROR', 'x'));
  const second = eventOf(smartHomeFailure(turnOn(), 'INTERNAL_ERROR', 'x'));
  t.not(first.header.messageId, second.header.messageId, 'a fresh messageId each time');
  t.equal(first.header.correlationToken, 'corr-token-1');
  t.end();
});
