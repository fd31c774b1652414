/**
 * Unit tests for src/gateway/route.ts: one answer per request kind whatever goes wrong, and one
 * structured log line (with the EMF metrics) per invocation.
 */
import t from 'tap';
import { resetColdStart, route } from '../../src/gateway/route.js';
import { clearHaCache, resetBreakers } from '../../src/homeassistant/index.js';
import { setLogSink } from '../../src/logging/logger.js';
import { assertAlexaValid } from '../fixtures/alexa-schema.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { assertNoSecretPart } from '../fixtures/secret-leaks.js';
import { assertSkillResponse } from '../alexa/custom-skill/skill-requests.js';
import { setLambdaEnv } from '../fixtures/lambda-env.js';

const STORED = 'stored-route-token-0123456789';
const { fake } = useFakeHa(t, { tokens: [STORED] });
const lines: string[] = [];
setLogSink((line) => lines.push(line));

const BASE_ENV = { HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED };
const useEnv = (env: Record<string, string>): void => setLambdaEnv(env);

t.beforeEach(() => {
  lines.length = 0;
  fake.reset();
  clearHaCache();
  resetBreakers();
  useEnv(BASE_ENV);
});

function summary(): Record<string, unknown> {
  const found = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'invocation');
  if (found.length !== 1) throw new Error(`expected one invocation line, got ${found.length}`);
  return found[0] as Record<string, unknown>;
}

const discover = {
  directive: {
    header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId: 'm-1' },
    payload: { scope: { type: 'BearerToken', token: 'linked-token-abcdef' } },
  },
};
const turnOn = {
  directive: {
    header: { namespace: 'Alexa.PowerController', name: 'TurnOn', payloadVersion: '3', messageId: 'm-2', correlationToken: 'corr-123' },
    endpoint: { scope: { type: 'BearerToken', token: 'linked-token-abcdef' }, endpointId: 'light#kitchen', cookie: {} },
    payload: {},
  },
};

t.test('an unrecognised event gets a clear error answer and a log line without its values', async (t) => {
  const answer = await route({ httpMethod: 'GET', secretField: 'do-not-log-me' }, { awsRequestId: 'req-1' });
  t.match(answer, { error: { type: 'UNRECOGNIZED_EVENT', message: /Alexa Smart Home directives .* got an object with keys httpMethod, secretField/ } });
  const line = summary();
  t.match(line, { requestId: 'req-1', kind: 'unknown', outcome: 'error', errorType: 'UNRECOGNIZED_EVENT', RequestKind: 'unknown', Errors: 1 });
  t.notOk(lines.join('\n').includes('do-not-log-me'), 'values of the event are not logged');
});

t.test('the handler answers anything without throwing', async (t) => {
  for (const event of [null, undefined, 'text', 42, [], {}, { directive: null }, { version: '1.0', request: { type: 7 } }]) {
    const answer = await route(event);
    t.ok(answer !== undefined, `answered ${JSON.stringify(event) ?? 'undefined'}`);
  }
});

t.test('a Custom skill envelope with a bad version or request gets a short spoken error, not UNRECOGNIZED_EVENT', async (t) => {
  const session = { new: true, sessionId: 's', application: { applicationId: 'amzn1.ask.skill.x' }, user: { userId: 'u' } };
  const malformed: readonly [string, unknown, RegExp][] = [
    ['version 2.0', { version: '2.0', session, request: { type: 'LaunchRequest', requestId: 'r', locale: 'en-US' } }, /version must be "1\.0", got "2\.0"/],
    ['a numeric version', { version: 1, session, request: { type: 'LaunchRequest', requestId: 'r' } }, /version must be "1\.0", got 1/],
    ['no request.type', { version: '1.0', session, request: { requestId: 'r' } }, /request\.type is missing/],
    ['a request that is a string', { version: '1.0', session, request: 'LaunchRequest' }, /request is missing or not an object/],
    ['no request at all', { version: '1.0', session, context: { System: {} } }, /request is missing or not an object/],
  ];
  for (const [what, event, problem] of malformed) {
    lines.length = 0;
    const answer = assertSkillResponse(t, await route(event));
    t.equal(answer.speech, 'Sorry, something went wrong. Please try again.', `${what}: spoken`);
    t.equal(answer.response.shouldEndSession, true, `${what}: the session ends`);
    t.match(summary(), { kind: 'custom-skill', outcome: 'error', errorType: 'INVALID_REQUEST', errorMessage: problem }, `${what}: logged with the problem`);
  }
  t.equal(fake.requests.length, 0, 'Home Assistant is not called');
});

t.test('health: ok with the mode and preset, no Home Assistant call', async (t) => {
  t.match(await route({ diagnostics: 'health' }), { diagnostics: 'health', ok: true, mode: 'native', preset: 'standard', parameterStore: false, problems: [] });
  t.equal(fake.requests.length, 0);
});

t.test('health with bad settings: not ok, every problem named', async (t) => {
  useEnv({ HOME_ASSISTANT_URL: 'not a url', HA_VERIFY_SSL: 'sometimes' });
  const answer = await route({ diagnostics: 'health' });
  t.match(answer, { diagnostics: 'health', ok: false, problems: [/HOME_ASSISTANT_URL must be an http/, /HA_VERIFY_SSL must be one of/] });
  t.match(summary(), { outcome: 'error', errorType: 'CONFIG_INVALID' });
});

t.test('ping: Home Assistant answers GET /api/ with the stored token', async (t) => {
  t.match(await route({ diagnostics: 'ping' }), { diagnostics: 'ping', ok: true, status: 200 });
  t.same(fake.requests.map((r) => `${r.path} ${r.token === STORED}`), ['/api/ true']);
  useEnv({ ...BASE_ENV, HOME_ASSISTANT_TOKEN: 'revoked-token-123456' });
  t.match(await route({ diagnostics: 'ping' }), { ok: false, status: 401, problems: [/token was rejected/] });
});

t.test('ping: a Home Assistant that echoes the token gets no piece of it into the answer or the log', async (t) => {
  fake.override((request) => (request.path === '/api/' ? { status: 500, body: `proxy error; request was GET /api/ Authorization: Bearer ${STORED}; token=${STORED}` } : undefined));
  const answer = await route({ diagnostics: 'ping' });
  t.match(answer, { diagnostics: 'ping', ok: false, status: 500, problems: [/Home Assistant returned 500: .*\[REDACTED\]/] });
  assertNoSecretPart(t, answer, [STORED], 'the ping answer');
  assertNoSecretPart(t, lines.join('\n'), [STORED], 'the log');
});

t.test('every answer passes through the secret registry; only the echoed scope keeps its token', async (t) => {
  useEnv({ ...BASE_ENV, HA_ALEXA_MODE: 'proxy' });
  // Home Assistant (or a proxy in front of it) answers with an ErrorResponse quoting both tokens.
  fake.override((request) =>
    request.path === '/api/alexa/smart_home'
      ? {
          status: 200,
          body: {
            event: {
              header: { namespace: 'Alexa', name: 'ErrorResponse', payloadVersion: '3', messageId: 'a1b2c3d4-0000-4000-8000-000000000000', correlationToken: 'corr-123' },
              endpoint: { scope: { type: 'BearerToken', token: 'linked-token-abcdef' }, endpointId: 'light#kitchen' },
              payload: { type: 'INTERNAL_ERROR', message: `token ${STORED} failed; linked-token-abcdef too` },
            },
          },
        }
      : undefined,
  );
  const answer = (await route(turnOn)) as { event: { endpoint: unknown; payload: { message: string } } };
  assertAlexaValid(t, answer);
  t.same(answer.event.endpoint, { scope: { type: 'BearerToken', token: 'linked-token-abcdef' }, endpointId: 'light#kitchen' }, 'the scope is echoed as Alexa requires');
  t.equal(answer.event.payload.message, 'token [REDACTED] failed; [REDACTED] too');
});

t.test('ping without a stored token, or with Home Assistant switched off, says what is missing', async (t) => {
  useEnv({ HOME_ASSISTANT_URL: HA_URL });
  t.match(await route({ diagnostics: 'ping' }), { ok: false, status: null, problems: [/HOME_ASSISTANT_TOKEN is not set/] });
  useEnv({ ...BASE_ENV, HOME_ASSISTANT_ENABLED: 'no' });
  t.match(await route({ diagnostics: 'ping' }), { ok: false, problems: ['Home Assistant is disabled or has no URL'] });
  t.equal(fake.requests.length, 0);
});

t.test('an unknown diagnostics check names the valid ones', async (t) => {
  t.match(await route({ diagnostics: 'selftest' }), { ok: false, problems: [/use one of: health, ping/] });
});

t.test('a Smart Home directive with bad settings gets a schema-valid INTERNAL_ERROR naming them', async (t) => {
  useEnv({ HA_VERIFY_SSL: 'maybe' });
  const answer = await route(turnOn);
  t.match(answer, {
    event: {
      header: { namespace: 'Alexa', name: 'ErrorResponse', correlationToken: 'corr-123', payloadVersion: '3' },
      endpoint: { endpointId: 'light#kitchen' },
      payload: { type: 'INTERNAL_ERROR', message: /misconfigured: .*HOME_ASSISTANT_URL is required.*|misconfigured: .*HA_VERIFY_SSL/ },
    },
  });
  assertAlexaValid(t, answer);
  t.equal(fake.requests.length, 0);
});

t.test('HOME_ASSISTANT_ENABLED=false: BRIDGE_UNREACHABLE for Smart Home, a spoken reply for the Custom skill', async (t) => {
  useEnv({ ...BASE_ENV, HOME_ASSISTANT_ENABLED: 'false' });
  const answer = await route(discover);
  t.match(answer, { event: { header: { name: 'ErrorResponse' }, payload: { type: 'BRIDGE_UNREACHABLE', message: /HOME_ASSISTANT_ENABLED=false/ } } });
  assertAlexaValid(t, answer);
  const spoken = await route({ version: '1.0', request: { type: 'LaunchRequest', requestId: 'r', locale: 'en-US' } });
  t.match(spoken, { version: '1.0', response: { outputSpeech: { type: 'SSML', ssml: /switched off/ } } });
  t.equal(fake.requests.length, 0);
});

t.test('one log line per invocation: request id, kind, duration, cold start, EMF metrics', async (t) => {
  resetColdStart();
  await route({ diagnostics: 'health' }, { awsRequestId: 'first' });
  const first = summary();
  lines.length = 0;
  await route({ diagnostics: 'health' }, { awsRequestId: 'second' });
  const second = summary();
  t.match(first, { requestId: 'first', kind: 'diagnostics', operation: 'diagnostics:health', outcome: 'ok', coldStart: true, ColdStart: 1, Invocations: 1 });
  t.match(second, { requestId: 'second', coldStart: false, ColdStart: 0 });
  t.type(first.durationMs, 'number');
  t.match(first._aws, { CloudWatchMetrics: [{ Namespace: 'HomeAssistantAlexa' }] });
});

t.test('a warning about settings is logged once per container, not per invocation', async (t) => {
  useEnv({ HOME_ASSISTANT_URL: 'http://ha.example.com', HOME_ASSISTANT_TOKEN: STORED });
  resetColdStart();
  await route({ diagnostics: 'health' });
  await route({ diagnostics: 'health' });
  const warnings = lines.filter((line) => line.includes('plain http://'));
  t.equal(warnings.length, 1);
});
