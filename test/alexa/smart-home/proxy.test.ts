/**
 * Proxy mode: the directive goes untouched to `POST /api/alexa/smart_home` with the right bearer
 * token, HA's answer comes back unchanged, and every failure is a schema-valid ErrorResponse whose
 * message says what to fix.
 */
import t from 'tap';
import { http, HttpResponse } from 'msw';
import { HA_URL, useFakeHa } from '../../fixtures/ha-msw.js';
import { resetBreakers } from '../../../src/homeassistant/index.js';
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
