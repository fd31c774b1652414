/**
 * Proxy mode: the directive goes untouched to `POST /api/alexa/smart_home` with the right bearer
 * token, HA's answer comes back unchanged, and every failure is a schema-valid ErrorResponse whose
 * message says what to fix.
 */
import { Buffer } from 'node:buffer';
import t from 'tap';
import { http, HttpResponse } from 'msw';
import { HA_URL, useFakeHa } from '../../fixtures/ha-msw.js';
import { MAX_ANSWER_BYTES } from '../../../src/gateway/answer-limits.js';
import { resetBreakers } from '../../../src/homeassistant/index.js';
import { MASK } from '../../../src/logging/redact.js';
import { leakedPart } from '../../fixtures/secret-leaks.js';
import { setLogSink } from '../../../src/logging/logger.js';
import { acceptGrantDirective, directive, discoverDirective, DIRECTIVE_TOKEN, errorTypeOf, eventOf, loadHandler, STORED_TOKEN } from './helpers.js';
import { assertSmartHomeValid } from './schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_ALEXA_MODE: 'proxy', HA_CIRCUIT_THRESHOLD: '1000' });
const { fake, server } = useFakeHa(t);
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

/** What HA's integration answers: a plain Alexa.Response echoing the correlation token. */
const haAnswer = (event: unknown) => {
  const header = (event as { directive: { header: { correlationToken?: string } } }).directive.header;
  return {
    status: 200,
    body: {
      event: {
        header: { namespace: 'Alexa', name: 'Response', messageId: '5f8a426e-01e4-4cc9-8b79-65f8bd0fd8a4', payloadVersion: '3', correlationToken: header.correlationToken },
        endpoint: { endpointId: 'light#kitchen' },
        payload: {},
      },
      context: { properties: [] },
    },
  };
};
const received: unknown[] = [];
t.beforeEach(() => {
  fake.reset();
  resetBreakers();
  received.length = 0;
  fake.smartHome = (event) => {
    received.push(event);
    return haAnswer(event);
  };
});

t.test('the directive is forwarded untouched and HA\'s answer returned unchanged', async (t) => {
  const event = directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' });
  const response = await invoke(event);
  t.same(received, [event], 'HA received exactly the directive');
  t.same(response, haAnswer(event).body, 'the answer is HA\'s, unchanged');
  t.same(fake.requests.map((r) => `${r.method} ${r.path}`), ['POST /api/alexa/smart_home'], 'one call, nothing else');
  assertSmartHomeValid(t, response);
});

t.test('the bearer token comes from endpoint.scope, then payload.grantee, then payload.scope, then the stored token', async (t) => {
  const cases: [string, unknown, string][] = [
    ['endpoint.scope', directive('Alexa.PowerController', 'TurnOff', { endpointId: 'light#kitchen', token: 'endpoint-token' }), 'endpoint-token'],
    ['payload.grantee (AcceptGrant is forwarded, not answered)', acceptGrantDirective('grantee-token'), 'grantee-token'],
    ['payload.scope (Discover)', discoverDirective('scope-token'), 'scope-token'],
    ['the stored token when the directive has none', directive('Alexa', 'ReportState', { endpointId: 'light#kitchen', token: null }), STORED_TOKEN],
  ];
  for (const [what, event, token] of cases) {
    fake.reset();
    await invoke(event);
    t.same(fake.requests.map((r) => r.token), [token], what);
  }
});

t.test('a malformed directive is answered with INVALID_DIRECTIVE before anything is forwarded', async (t) => {
  const event = directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' });
  (event.directive.header as Record<string, unknown>).payloadVersion = '2';
  const response = await invoke(event);
  t.equal(errorTypeOf(response), 'INVALID_DIRECTIVE');
  t.equal(fake.requests.length, 0);
  assertSmartHomeValid(t, response);
});

t.test('HA failures become schema-valid errors whose message tells the user what to fix', async (t) => {
  const cases: { what: string; answer: Record<string, unknown>; type: string; message: RegExp }[] = [
    { what: '401', answer: { status: 401, body: '401: Unauthorized' }, type: 'INVALID_AUTHORIZATION_CREDENTIAL', message: /401/ },
    { what: '403', answer: { status: 403, body: { message: 'banned' } }, type: 'INVALID_AUTHORIZATION_CREDENTIAL', message: /403/ },
    { what: '404: alexa smart_home not configured', answer: { status: 404, body: '404: Not Found' }, type: 'INTERNAL_ERROR', message: /alexa: smart_home:/ },
    { what: '405: a proxy rejects POST', answer: { status: 405, body: '405: Method Not Allowed' }, type: 'INTERNAL_ERROR', message: /reverse proxy or tunnel/ },
    { what: 'a Cloudflare challenge (403)', answer: { status: 403, body: '<!DOCTYPE html><html>cf-chl challenge-platform</html>', headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' } }, type: 'BRIDGE_UNREACHABLE', message: /Cloudflare challenge/ },
    { what: 'a login portal page', answer: { status: 200, body: '<!DOCTYPE html><html><form>Sign in</form></html>', headers: { 'content-type': 'text/html' } }, type: 'BRIDGE_UNREACHABLE', message: /HTML page/ },
    { what: 'a Cloudflare page with 200', answer: { status: 200, body: '<html>challenge-platform</html>', headers: { 'content-type': 'text/html' } }, type: 'BRIDGE_UNREACHABLE', message: /Cloudflare/ },
    { what: '503 from a tunnel', answer: { status: 503, body: 'Service Unavailable' }, type: 'BRIDGE_UNREACHABLE', message: /503/ },
    { what: 'an empty 200 answer', answer: { status: 200 }, type: 'INTERNAL_ERROR', message: /empty body/ },
  ];
  for (const { what, answer, type, message } of cases) {
    fake.reset();
    resetBreakers();
    fake.override(() => answer as never);
    const response = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }));
    t.equal(errorTypeOf(response), type, what);
    t.match(eventOf(response).payload.message, message, `${what}: the message says what to fix`);
    t.equal(eventOf(response).header.correlationToken, 'corr-token-1', `${what}: correlationToken echoed`);
    assertSmartHomeValid(t, response, what);
  }
});

t.test('Home Assistant unreachable → BRIDGE_UNREACHABLE', async (t) => {
  server.use(http.all(`${HA_URL}/api/*`, () => HttpResponse.error()));
  t.teardown(() => server.resetHandlers());
  const response = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen', token: DIRECTIVE_TOKEN }));
  t.equal(errorTypeOf(response), 'BRIDGE_UNREACHABLE');
  assertSmartHomeValid(t, response);
});

/** HA's answer to the TurnOn directive, with `change` applied to a copy. */
function answerWith(change: (body: { event: { header: Record<string, unknown>; endpoint: Record<string, unknown>; payload: Record<string, unknown> }; context: Record<string, unknown> }) => void) {
  const answer = haAnswer(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }));
  const body = structuredClone(answer.body) as Parameters<typeof change>[0];
  change(body);
  return { status: 200, body };
}

t.test('an answer nested 200,000 levels deep gets a schema-valid INTERNAL_ERROR that Lambda can serialize', async (t) => {
  // Prepare: a raw body, since serializing it here would throw as Lambda's runtime did.
  const depth = 200_000;
  fake.override(() => ({ status: 200, body: `{"event":${'['.repeat(depth)}${']'.repeat(depth)}}`, headers: { 'content-type': 'application/json' } }));

  // Act
  const response = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }));

  // Assess
  t.doesNotThrow(() => JSON.stringify(response), 'the answer serializes');
  t.equal(errorTypeOf(response), 'INTERNAL_ERROR');
  t.match(eventOf(response).payload.message, /cannot return: it is nested more than 64 levels deep/);
  t.equal(eventOf(response).header.correlationToken, 'corr-token-1');
  assertSmartHomeValid(t, response);
});

t.test('a token 70 levels deep in an answer never comes back', async (t) => {
  let nested: unknown = `Bearer-less echo of ${STORED_TOKEN}`;
  for (let level = 0; level < 70; level += 1) nested = { inner: nested };
  fake.override(() => answerWith((body) => (body.context.deep = nested)));
  const response = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen', token: null }));
  t.equal(errorTypeOf(response), 'INTERNAL_ERROR');
  t.equal(leakedPart(JSON.stringify(response), STORED_TOKEN, 10), undefined, 'no 10-character piece of the token (8 would find corr-token-1)');
  assertSmartHomeValid(t, response);
});

t.test('answers larger than Lambda\'s 6 MB response limit get a schema-valid INTERNAL_ERROR; one just under it passes', async (t) => {
  // Prepare: HA's answer with a long cookie on its endpoint, as a big discovery would be.
  const sized = (bytes: number) => answerWith((body) => (body.event.endpoint.cookie = { padding: 'x'.repeat(bytes) }));
  const under = sized(MAX_ANSWER_BYTES - 1_000);
  fake.override(() => under);

  // Act
  const passed = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }));
  fake.clearOverrides();
  fake.override(() => sized(7 * 1024 * 1024));
  const refused = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }));

  // Assess
  t.ok(Buffer.byteLength(JSON.stringify(passed)) <= MAX_ANSWER_BYTES, 'the answer under the limit');
  t.same(passed, under.body, 'is returned as HA sent it');
  t.equal(errorTypeOf(refused), 'INTERNAL_ERROR');
  t.match(eventOf(refused).payload.message, /cannot return: it is 7340\d{3} bytes, more than the 6000000 a Lambda answer may hold/);
  t.ok(JSON.stringify(refused).length < 2_000, 'the error is small');
  assertSmartHomeValid(t, refused);
});

t.test('a token in the answer\'s event.endpoint.scope is masked unless it is the directive\'s own', async (t) => {
  // HA (or a proxy in front of it) puts the stored token in the scope of an answer to a directive that had none.
  fake.override(() => answerWith((body) => (body.event.endpoint.scope = { type: 'BearerToken', token: STORED_TOKEN })));
  const stored = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen', token: null }));
  t.same(eventOf(stored).endpoint?.scope, { type: 'BearerToken', token: MASK });
  t.equal(leakedPart(JSON.stringify(stored), STORED_TOKEN, 10), undefined, 'no 10-character piece of the token');
  assertSmartHomeValid(t, stored);

  // The directive's own token, echoed, stays; the stored token beside it does not.
  fake.clearOverrides();
  fake.override(() => answerWith((body) => (body.event.endpoint.scope = { type: 'BearerToken', token: DIRECTIVE_TOKEN, partition: STORED_TOKEN })));
  const own = await invoke(directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen', token: DIRECTIVE_TOKEN }));
  t.same(eventOf(own).endpoint?.scope, { type: 'BearerToken', token: DIRECTIVE_TOKEN, partition: MASK });
});
