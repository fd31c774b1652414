/**
 * Redaction by construction, checked end to end: every kind of request the suite exercises (Smart
 * Home in both modes, Custom skill, diagnostics, failures of every sort), with DEBUG_MODE on, and
 * not one token, code, PIN or Authorization value appears in anything the Lambda writes.
 */
import { http, HttpResponse } from 'msw';
import t from 'tap';
import { resetConfigCache } from '../../src/config/index.js';
import { route } from '../../src/gateway/route.js';
import { clearHaCache, resetBreakers } from '../../src/homeassistant/index.js';
import { setLogSink } from '../../src/logging/logger.js';
import { demoStates } from '../fixtures/demo-home.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';

const SECRETS = {
  stored: 'stored-LLAT-5f1e2d3c4b5a69788796a5b4c3d2e1f0',
  linked: 'linked-oauth-token-0a1b2c3d4e5f6a7b8c9d',
  grantee: 'grantee-token-9f8e7d6c5b4a3f2e1d0c',
  grantCode: 'ANSwerCodeFromLWA-77aa88bb99cc',
  sessionAccess: 'session-access-token-4455667788',
  systemAccess: 'system-user-access-token-11223344',
  apiAccess: 'alexa-api-access-token-aabbccddeeff',
  rejected: 'rejected-token-deadbeefdeadbeef',
};
const PIN = '9731';
const SKILL_ID = 'amzn1.ask.skill.0000-secret-test';

const { fake, server } = useFakeHa(t, { states: demoStates(), tokens: [SECRETS.stored, SECRETS.linked, SECRETS.grantee, SECRETS.sessionAccess] });
server.use(http.post('https://api.amazonalexa.com/v1/directives', () => new HttpResponse(null, { status: 204 })));

function directive(namespace: string, name: string, options: { endpointId?: string; token?: string; payload?: Record<string, unknown>; instance?: string } = {}): unknown {
  const header: Record<string, unknown> = { namespace, name, payloadVersion: '3', messageId: 'msg-1', correlationToken: 'corr-1' };
  if (options.instance !== undefined) header.instance = options.instance;
  return {
    directive: {
      header,
      ...(options.endpointId === undefined ? {} : { endpoint: { scope: { type: 'BearerToken', token: options.token ?? SECRETS.linked }, endpointId: options.endpointId, cookie: {} } }),
      payload: options.payload ?? {},
    },
  };
}

function customSkill(request: Record<string, unknown>, accessToken = SECRETS.sessionAccess): unknown {
  return {
    version: '1.0',
    session: { new: true, sessionId: 's-1', application: { applicationId: SKILL_ID }, attributes: {}, user: { userId: 'u-1', accessToken } },
    context: {
      System: {
        application: { applicationId: SKILL_ID },
        user: { userId: 'u-1', accessToken: SECRETS.systemAccess },
        device: { deviceId: 'd-1', supportedInterfaces: {} },
        apiEndpoint: 'https://api.amazonalexa.com',
        apiAccessToken: SECRETS.apiAccess,
      },
    },
    request: { requestId: 'r-1', timestamp: '2026-01-01T00:00:00Z', locale: 'en-US', ...request },
  };
}

interface Scenario {
  readonly name: string;
  readonly env?: Record<string, string>;
  readonly prepare?: () => void;
  readonly event: unknown;
}

const scenarios: Scenario[] = [
  { name: 'discovery with the linked token', event: { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId: 'm' }, payload: { scope: { type: 'BearerToken', token: SECRETS.linked } } } } },
  { name: 'discovery with the stored token', event: { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId: 'm' }, payload: {} } } },
  { name: 'turn on', event: directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }) },
  { name: 'brightness', event: directive('Alexa.BrightnessController', 'SetBrightness', { endpointId: 'light#living_room', payload: { brightness: 40 } }) },
  { name: 'thermostat', event: directive('Alexa.ThermostatController', 'SetTargetTemperature', { endpointId: 'climate#living_room', payload: { targetSetpoint: { value: 21, scale: 'CELSIUS' } } }) },
  { name: 'report state', event: directive('Alexa', 'ReportState', { endpointId: 'lock#front_door' }) },
  { name: 'security panel disarm with a PIN', event: directive('Alexa.SecurityPanelController', 'Disarm', { endpointId: 'alarm_control_panel#house', payload: { authorization: { type: 'FOUR_DIGIT_PIN', value: PIN } } }) },
  { name: 'unknown endpoint', event: directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#nowhere' }) },
  { name: 'a rejected token (401)', event: directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen', token: SECRETS.rejected }) },
  { name: 'Home Assistant echoes the token in an error page', prepare: () => fake.override((r) => (r.method === 'POST' ? { status: 500, body: `upstream failed for Bearer ${SECRETS.linked}` } : undefined)), event: directive('Alexa.PowerController', 'TurnOff', { endpointId: 'light#kitchen' }) },
  { name: 'Home Assistant unreachable', env: { HOME_ASSISTANT_URL: 'https://ha-down.test' }, event: directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }) },
  { name: 'AcceptGrant with a code', event: directive('Alexa.Authorization', 'AcceptGrant', { payload: { grant: { type: 'OAuth2.AuthorizationCode', code: SECRETS.grantCode }, grantee: { type: 'BearerToken', token: SECRETS.grantee } } }) },
  { name: 'malformed directive carrying a token', event: { directive: { header: { namespace: 'Alexa.PowerController', name: 'TurnOn' }, endpoint: { scope: { token: SECRETS.linked } } } } },
  { name: 'proxy mode forwarding', env: { HA_ALEXA_MODE: 'proxy' }, prepare: () => (fake.smartHome = () => ({ status: 200, body: { event: { header: { namespace: 'Alexa', name: 'Response', messageId: 'x', payloadVersion: '3' }, payload: {} } } })), event: directive('Alexa.PowerController', 'TurnOn', { endpointId: 'light#kitchen' }) },
  { name: 'proxy mode AcceptGrant', env: { HA_ALEXA_MODE: 'proxy' }, prepare: () => (fake.smartHome = () => ({ status: 401, body: '401: Unauthorized' })), event: directive('Alexa.Authorization', 'AcceptGrant', { payload: { grant: { type: 'OAuth2.AuthorizationCode', code: SECRETS.grantCode }, grantee: { type: 'BearerToken', token: SECRETS.rejected } } }) },
  { name: 'custom skill launch', env: { ALEXA_SKILL_ID: SKILL_ID }, event: customSkill({ type: 'LaunchRequest' }) },
  { name: 'custom skill conversation', env: { ALEXA_SKILL_ID: SKILL_ID }, event: customSkill({ type: 'IntentRequest', intent: { name: 'ConversationIntent', confirmationStatus: 'NONE', slots: { query: { name: 'query', value: 'is the garage open', confirmationStatus: 'NONE' } } } }) },
  { name: 'custom skill with a revoked linking token', env: { ALEXA_SKILL_ID: SKILL_ID }, event: customSkill({ type: 'IntentRequest', intent: { name: 'ConversationIntent', confirmationStatus: 'NONE', slots: { query: { name: 'query', value: 'hello', confirmationStatus: 'NONE' } } } }, SECRETS.rejected) },
  { name: 'custom skill from another skill id', event: customSkill({ type: 'LaunchRequest' }) },
  { name: 'ping with the stored token', event: { diagnostics: 'ping' } },
  { name: 'ping with a rejected stored token', env: { HOME_ASSISTANT_TOKEN: SECRETS.rejected }, event: { diagnostics: 'ping' } },
  { name: 'health with bad settings', env: { HA_VERIFY_SSL: 'perhaps' }, event: { diagnostics: 'health' } },
  { name: 'an unknown event holding a token', event: { token: SECRETS.linked, Authorization: `Bearer ${SECRETS.stored}` } },
];

t.test('no secret appears in any output of any scenario, with DEBUG_MODE on', async (t) => {
  const output: string[] = [];
  const restoreSink = setLogSink((line) => output.push(line));
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  for (const scenario of scenarios) {
    fake.reset();
    fake.smartHome = undefined;
    clearHaCache();
    resetBreakers();
    for (const key of ['HA_ALEXA_MODE', 'ALEXA_SKILL_ID', 'HA_VERIFY_SSL']) delete process.env[key];
    Object.assign(process.env, { HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: SECRETS.stored, DEBUG_MODE: 'true', HA_FEATURE_PRESET: 'full' }, scenario.env);
    resetConfigCache();
    scenario.prepare?.();
    const captured: string[] = [];
    const capture = (chunk: string | Uint8Array): boolean => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    };
    process.stdout.write = capture;
    process.stderr.write = capture;
    try {
      await route(scenario.event, { awsRequestId: `secret-check-${scenario.name}` });
    } finally {
      process.stdout.write = writeOut;
      process.stderr.write = writeErr;
    }
    const text = [...output, ...captured].join('\n');
    output.length = 0;
    const leaked = Object.entries(SECRETS).filter(([, value]) => text.includes(value)).map(([key]) => key);
    if (text.includes(`"${PIN}"`)) leaked.push('PIN');
    t.same(leaked, [], `${scenario.name}: nothing leaked (${text.split('\n').filter(Boolean).length} lines checked)`);
    t.ok(text.includes('"message":"invocation"'), `${scenario.name}: the invocation line was written`);
  }
  setLogSink(restoreSink);
});
