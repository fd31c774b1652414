/**
 * Unit tests for src/homeassistant/client.ts against the fake Home Assistant through msw: the happy
 * paths, every typed error with its fix, no retry of 401/403, deadlines, caching and the breaker.
 */
import t from 'tap';
import { createDeadline } from '../../src/gateway/deadline.js';
import {
  clearHaCache,
  HaAuthError,
  HaBadRequestError,
  HaCircuitOpenError,
  HaNotFoundError,
  HaProtocolError,
  HaServerError,
  HaUnreachableError,
  HomeAssistantClient,
  resetBreakers,
  type HaCallRecord,
} from '../../src/homeassistant/index.js';
import { SecretRegistry } from '../../src/logging/redact.js';
import { state } from '../fixtures/fake-home-assistant.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { assertNoSecretPart } from '../fixtures/secret-leaks.js';

const TOKEN = 'client-test-token-0123456789';
const { fake } = useFakeHa(t, { states: [state('light.kitchen', 'off', { friendly_name: 'Kitchen' })], tokens: [TOKEN] });
// A deadline's timer does not hold the process open (as in Lambda), and msw's fake never answering
// leaves no socket that would: this keeps the process alive while a test awaits a deadline.
const alive = setInterval(() => undefined, 1_000);
t.teardown(() => clearInterval(alive));

function client(options: { token?: string; budgetMs?: number; cacheTtlSeconds?: number; threshold?: number; calls?: HaCallRecord[] } = {}): HomeAssistantClient {
  const deadline = createDeadline(options.budgetMs ?? 2000);
  t.teardown(() => deadline.dispose());
  return new HomeAssistantClient({
    baseUrl: HA_URL,
    token: options.token ?? TOKEN,
    deadline,
    verifySsl: true,
    caBundle: undefined,
    cacheTtlSeconds: options.cacheTtlSeconds ?? 0,
    circuitFailureThreshold: options.threshold ?? 5,
    circuitCooldownSeconds: 30,
    onCall: (call) => options.calls?.push(call),
  });
}

t.beforeEach(() => {
  fake.reset();
  clearHaCache();
  resetBreakers();
});

t.test('reads states, one state, config, and calls services with the bearer token', async (t) => {
  const calls: HaCallRecord[] = [];
  const ha = client({ calls });
  t.equal((await ha.getStates()).length, 1);
  t.equal((await ha.getState('light.kitchen')).state, 'off');
  t.equal((await ha.getConfig()).unit_system?.temperature, '°C');
  await ha.callService('light', 'turn_on', { entity_id: 'light.kitchen', brightness_pct: 50 });
  t.same(fake.calls, [{ domain: 'light', service: 'turn_on', data: { entity_id: 'light.kitchen', brightness_pct: 50 } }]);
  t.ok(fake.requests.every((request) => request.token === TOKEN));
  t.same(calls.map((call) => `${call.method} ${call.path} ${call.status}`), [
    'GET /api/states 200',
    'GET /api/states/light.kitchen 200',
    'GET /api/config 200',
    'POST /api/services/light/turn_on 200',
  ]);
  t.ok(calls.every((call) => call.ms >= 0 && !JSON.stringify(call).includes(TOKEN)), 'call records carry timings, never the token');
});

t.test('an unknown entity is HaNotFoundError', async (t) => {
  await t.rejects(client().getState('light.nowhere'), HaNotFoundError);
});

t.test('401 is an auth error that says to renew the token, and is never retried', async (t) => {
  const error = await client({ token: 'wrong-token-abcdef' }).getStates().catch((e: unknown) => e);
  t.type(error, HaAuthError);
  t.match((error as Error).message, /401 Unauthorized: the token was rejected/);
  t.notMatch((error as Error).message, /wrong-token-abcdef/, 'the message never holds the token');
  t.equal(fake.requests.length, 1, 'exactly one request: HA bans IPs after repeated failed logins');
});

t.test('403 is an auth error that points at an IP ban', async (t) => {
  fake.override(() => ({ status: 403, body: '403: Forbidden' }));
  const error = await client().getStates().catch((e: unknown) => e);
  t.type(error, HaAuthError);
  t.match((error as Error).message, /IP is probably banned/);
  t.equal(fake.requests.length, 1);
});

t.test('500 is a server error naming the path', async (t) => {
  fake.override(() => ({ status: 500, body: '500 Internal Server Error' }));
  const error = await client().callService('light', 'turn_on', { entity_id: 'light.kitchen' }).catch((e: unknown) => e);
  t.type(error, HaServerError);
  t.match((error as Error).message, /^\/api\/services\/light\/turn_on: Home Assistant returned 500/);
});

t.test('400 is a bad request with Home Assistant\'s message', async (t) => {
  fake.override(() => ({ status: 400, body: { message: 'Invalid data' } }));
  const error = await client().callService('light', 'turn_on', { entity_id: 'light.kitchen', brightness_pct: 500 }).catch((e: unknown) => e);
  t.type(error, HaBadRequestError);
  t.match((error as Error).message, /400: .*Invalid data/);
});

t.test('a body that echoes the token is scrubbed before it is cut, so no piece of the token reaches the message', async (t) => {
  // 118 characters, not JWT-shaped: only the token itself can find it. At offset 42 of the body, a
  // cut at 160 characters before scrubbing left 115 of them behind.
  const token = `llat-${'0123456789abcdef'.repeat(8)}`.slice(0, 118);
  const echoes: readonly [number, string, string][] = [
    [400, 'text/plain', `Rejected request; Authorization: Bearer ${token} and more text after it`],
    [500, 'text/plain', `{"error":"boom","echo":"${token}","note":"${'n'.repeat(300)}"}`],
    [200, 'application/json', `not json ${token} trailing`],
  ];
  for (const [status, type, body] of echoes) {
    fake.clearOverrides();
    fake.override(() => ({ status, headers: { 'content-type': type }, body }));
    const error = await client({ token }).callService('light', 'turn_on', { entity_id: 'light.kitchen' }).catch((e: unknown) => e);
    t.type(error, Error, `HTTP ${status} is an error`);
    assertNoSecretPart(t, (error as Error).message, [token], `the HTTP ${status} message`);
    t.match((error as Error).message, /\[REDACTED\]/, `the HTTP ${status} message shows where the token was`);
  }
});

t.test('the invocation\'s other secrets are scrubbed from a quoted body too, before the cut', async (t) => {
  const other = `stored-${'a1b2c3d4e5f6'.repeat(6)}`;
  fake.override(() => ({ status: 502, body: `${'pad '.repeat(30)}${other} trailing` }));
  const deadline = createDeadline(2000);
  t.teardown(() => deadline.dispose());
  const ha = new HomeAssistantClient({
    baseUrl: HA_URL, token: TOKEN, secrets: new SecretRegistry([other]), deadline, verifySsl: true, caBundle: undefined, cacheTtlSeconds: 0, circuitFailureThreshold: 5, circuitCooldownSeconds: 30,
  });
  const error = await ha.getStates().catch((e: unknown) => e);
  t.type(error, HaServerError);
  assertNoSecretPart(t, (error as Error).message, [other], 'the message');
});

t.test('an HTML page is a protocol error, and a Cloudflare challenge says so', async (t) => {
  fake.override(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<!DOCTYPE html><html><body>Login</body></html>' }));
  const login = await client().getStates().catch((e: unknown) => e);
  t.type(login, HaProtocolError);
  t.match((login as Error).message, /got an HTML page .* instead of Home Assistant's JSON/);
  fake.clearOverrides();
  fake.override(() => ({ status: 403, headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' }, body: '<html>Just a moment... challenge-platform</html>' }));
  const challenge = await client().getStates().catch((e: unknown) => e);
  t.type(challenge, HaProtocolError);
  t.equal((challenge as HaProtocolError).challenge, true);
  t.match((challenge as Error).message, /Cloudflare challenge page/);
});

t.test('malformed JSON is a protocol error', async (t) => {
  fake.override(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"entity_id": "light.kitchen", ' }));
  const error = await client().getState('light.kitchen').catch((e: unknown) => e);
  t.type(error, HaProtocolError);
  t.match((error as Error).message, /not valid JSON/);
});

t.test('a JSON answer of the wrong shape is a protocol error', async (t) => {
  fake.override(() => ({ status: 200, body: { not: 'a list' } }));
  await t.rejects(client().getStates(), HaProtocolError);
});

t.test('proxy forwarding: 404 means alexa: smart_home: is missing, 405 a proxy rejecting POST', async (t) => {
  const missing = await client().forwardSmartHome({ directive: {} }).catch((e: unknown) => e);
  t.type(missing, HaNotFoundError);
  t.match((missing as Error).message, /add `alexa: smart_home:` to configuration.yaml/);
  fake.override(() => ({ status: 405, body: '<center>405 Not Allowed</center>' }));
  const rejected = await client().forwardSmartHome({ directive: {} }).catch((e: unknown) => e);
  t.type(rejected, HaBadRequestError);
  t.match((rejected as Error).message, /reverse proxy or tunnel .* rejects POST/);
});

t.test('proxy forwarding returns Home Assistant\'s JSON unchanged, or undefined for an empty body', async (t) => {
  const answer = { event: { header: { name: 'Response' } } };
  fake.smartHome = () => ({ status: 200, body: answer });
  t.same(await client().forwardSmartHome({ directive: {} }), { status: 200, body: answer });
  fake.smartHome = () => ({ status: 200, body: '' });
  t.same(await client().forwardSmartHome({ directive: {} }), { status: 200, body: undefined });
  fake.smartHome = undefined;
});

t.test('a slow Home Assistant is cut off at the deadline as unreachable (timeout)', async (t) => {
  // Home Assistant never answers: that the call settles at all shows it did not wait for the answer.
  fake.override(() => ({ status: 200, body: [], delayMs: Number.POSITIVE_INFINITY }));
  const error = await client({ budgetMs: 150 }).getStates().catch((e: unknown) => e);
  t.type(error, HaUnreachableError);
  t.equal((error as HaUnreachableError).reason, 'timeout');
  t.match((error as Error).message, /no answer within 150 ms \(Alexa gives up after 8 s\)/);
  t.equal(fake.requests.length, 1, 'the request was sent, then cut off at the deadline');
});

t.test('a command started after the deadline has passed fails as a timeout, without crashing the process', async (t) => {
  const deadline = createDeadline(1);
  t.teardown(() => deadline.dispose());
  await deadline.expired;
  const ha = new HomeAssistantClient({ baseUrl: HA_URL, token: TOKEN, deadline, verifySsl: true, caBundle: undefined, cacheTtlSeconds: 0, circuitFailureThreshold: 5, circuitCooldownSeconds: 30 });
  const error = await ha.callService('light', 'turn_on', { entity_id: 'light.kitchen' }).catch((e: unknown) => e);
  t.type(error, HaUnreachableError);
  t.equal((error as HaUnreachableError).reason, 'timeout');
  t.equal(fake.requests.length, 0, 'nothing was sent');
  await new Promise((resolve) => setImmediate(resolve));
});

t.test('a call abandoned when its invocation answers says nothing about Home Assistant; one cut off by the deadline counts', async (t) => {
  fake.override((request) => (request.path === '/api/conversation/process' ? { status: 200, delayMs: Number.POSITIVE_INFINITY } : undefined));
  const options = { baseUrl: HA_URL, token: TOKEN, verifySsl: true, caBundle: undefined, cacheTtlSeconds: 0, circuitFailureThreshold: 1, circuitCooldownSeconds: 30 };
  const answered = createDeadline(5_000);
  const abandoned = new HomeAssistantClient({ ...options, deadline: answered }).processConversation({ text: 'a long story' }).catch((e: unknown) => e);
  answered.dispose();
  t.type(await abandoned, HaUnreachableError);
  const next = createDeadline(2_000);
  t.teardown(() => next.dispose());
  t.equal(await new HomeAssistantClient({ ...options, deadline: next }).ping(), 200, 'the circuit is still closed (threshold 1)');
  const expiring = createDeadline(50);
  t.teardown(() => expiring.dispose());
  await t.rejects(new HomeAssistantClient({ ...options, deadline: expiring }).processConversation({ text: 'slow' }), HaUnreachableError);
  const after = createDeadline(2_000);
  t.teardown(() => after.dispose());
  await t.rejects(new HomeAssistantClient({ ...options, deadline: after }).ping(), HaCircuitOpenError, 'a deadline that ran out is a failure');
});

t.test('conversation requests are posted as given', async (t) => {
  const result = await client().processConversation({ text: 'hello', language: 'en-US', conversation_id: 'abc' });
  t.equal(result.response?.speech?.plain?.speech, 'You said: hello');
  t.equal(result.conversation_id, 'abc');
});

t.test('ping answers the status of GET /api/', async (t) => {
  t.equal(await client().ping(), 200);
});

t.test('with HA_CACHE_TTL, /api/config and /api/states are cached; a command invalidates the list holding its entity', async (t) => {
  const ha = client({ cacheTtlSeconds: 60 });
  await ha.getStates();
  await ha.getStates();
  await ha.getConfig();
  await ha.getConfig();
  t.equal(fake.requests.filter((r) => r.path === '/api/states').length, 1, 'states fetched once');
  t.equal(fake.requests.filter((r) => r.path === '/api/config').length, 1, 'config fetched once');
  await ha.callService('light', 'turn_on', { entity_id: 'light.kitchen' });
  const after = await ha.getStates();
  t.equal(fake.requests.filter((r) => r.path === '/api/states').length, 2, 'states fetched again after the command');
  t.equal(after.find((s) => s.entity_id === 'light.kitchen')?.state, 'on', 'and they are fresh');
});

t.test('without a TTL nothing is cached', async (t) => {
  const ha = client();
  await ha.getConfig();
  await ha.getConfig();
  t.equal(fake.requests.filter((r) => r.path === '/api/config').length, 2);
});

t.test('the circuit opens after consecutive server errors and answers at once without calling HA', async (t) => {
  fake.override(() => ({ status: 502, body: 'Bad Gateway' }));
  const calls: HaCallRecord[] = [];
  for (let i = 0; i < 3; i += 1) await t.rejects(client({ threshold: 3, calls }).getStates(), HaServerError);
  const before = fake.requests.length;
  const error = await client({ threshold: 3, calls }).getStates().catch((e: unknown) => e);
  t.type(error, HaCircuitOpenError);
  t.match((error as Error).message, /circuit open/);
  t.equal(fake.requests.length, before, 'no request reached Home Assistant');
  t.equal(calls.at(-1)?.error, 'circuit_open');
});

t.test('client errors (4xx) do not open the circuit', async (t) => {
  fake.override(() => ({ status: 404, body: { message: 'Entity not found.' } }));
  for (let i = 0; i < 6; i += 1) await t.rejects(client({ threshold: 2 }).getState('light.x'), HaNotFoundError);
});
