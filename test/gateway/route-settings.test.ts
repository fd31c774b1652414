/**
 * Unit tests for src/gateway/route.ts when the settings come from Parameter Store (faked at the HTTP
 * level): the invocation's budget starts before they are loaded, and a slow or hung Parameter Store
 * still gets an answer within it, saying why.
 */
import { http } from 'msw';
import t from 'tap';
import { preloadSsm } from '../../src/config/index.js';
import { route } from '../../src/gateway/route.js';
import { clearHaCache, resetBreakers } from '../../src/homeassistant/index.js';
import { loadNativeTranslator } from '../../src/lazy.js';
import { setLogSink } from '../../src/logging/logger.js';
import { assertAlexaValid } from '../fixtures/alexa-schema.js';
import { createFakeAws, FAKE_SSM_ENDPOINT, useFakeAwsEnv } from '../fixtures/fake-aws.js';
import { state } from '../fixtures/fake-home-assistant.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { setLambdaEnv } from '../fixtures/lambda-env.js';

const STORED = 'stored-settings-token-0123456789';
const LINKED = 'linked-token-abcdef';
useFakeAwsEnv();
const aws = createFakeAws();
const { fake, server } = useFakeHa(t, { tokens: [STORED, LINKED], states: [state('light.kitchen', 'off', { friendly_name: 'Kitchen', supported_color_modes: ['onoff'] })] }, aws.handlers);
const lines: string[] = [];
setLogSink((line) => lines.push(line));

const useEnv = (env: Record<string, string>): void => setLambdaEnv(env);

t.beforeEach(() => {
  lines.length = 0;
  fake.reset();
  clearHaCache();
  resetBreakers();
  aws.ssm.delay('GetParametersByPath', 0);
  aws.ssm.calls.length = 0;
});

const turnOn = {
  directive: {
    header: { namespace: 'Alexa.PowerController', name: 'TurnOn', payloadVersion: '3', messageId: 'm-2', correlationToken: 'corr-123' },
    endpoint: { scope: { type: 'BearerToken', token: LINKED }, endpointId: 'light#kitchen', cookie: {} },
    payload: {},
  },
};

t.test('the budget starts with the invocation: time spent loading the settings is part of it', async (t) => {
  // Prepare: HA_TIMEOUT is 1.5 s and Home Assistant answers the command after 0.4 s. Loading the
  // settings takes 1.4 s of the invocation's clock (performance.now, which the gateway's deadline
  // reads, jumps while Parameter Store answers). Counted from the invocation, 0.1 s is left for the
  // command and the deadline fires before Home Assistant answers; counted from after the settings,
  // the command would succeed. Which timer fires first is ordered, not a wall-clock bound.
  // The modules are loaded first, so only Parameter Store counts.
  await Promise.all([preloadSsm(), loadNativeTranslator()]);
  aws.ssm.put('/budget-test/homeassistant/url', HA_URL);
  const realNow = performance.now.bind(performance);
  let settingsMs = 0;
  performance.now = () => realNow() + settingsMs;
  t.teardown(() => {
    performance.now = realNow;
  });
  server.use(
    http.post(`${FAKE_SSM_ENDPOINT}/`, () => {
      settingsMs += 1_400;
    }),
  );
  useEnv({ USE_PARAMETER_STORE: 'true', PARAMETER_PREFIX: '/budget-test', HOME_ASSISTANT_TOKEN: STORED, HA_TIMEOUT: '1.5' });
  fake.override((request) => (request.path.startsWith('/api/services/') ? { status: 200, delayMs: 400, body: [] } : undefined));

  // Act
  const answer = await route(turnOn);

  // Assess: 1.5 s from the start, not 1.4 s + 1.5 s.
  t.equal(settingsMs, 1_400, 'Parameter Store was read once');
  t.match(answer, { event: { header: { name: 'ErrorResponse' }, payload: { type: 'BRIDGE_UNREACHABLE', message: /within 1500 ms/ } } });
  assertAlexaValid(t, answer);
  t.match(fake.requests.map((request) => request.path), ['/api/states/light.kitchen', '/api/services/light/turn_on'], 'the command was sent with what was left of the budget, and cut off');
});

t.test('a hung Parameter Store on a cold start: the invocation still answers within its budget, saying why, and the next one reads afresh', async (t) => {
  // Prepare: Lambda has 1.5 s left, so the budget is 1.2 s; Parameter Store never answers.
  aws.ssm.delay('GetParametersByPath', Number.POSITIVE_INFINITY);
  useEnv({ USE_PARAMETER_STORE: 'true', PARAMETER_PREFIX: '/hung-test' });
  const lambda = { awsRequestId: 'hung-ssm', getRemainingTimeInMillis: () => 1_500 };

  // Act: a second invocation arrives after the first one gave up.
  const first = await route(turnOn, lambda);
  const abandoned = aws.ssm.ops().length;
  const second = await route(turnOn, { getRemainingTimeInMillis: () => 5_000 });

  // Assess
  t.match(first, { event: { header: { name: 'ErrorResponse' }, payload: { type: 'INTERNAL_ERROR', message: /could not load its settings within 1200 ms: Parameter Store is slow or unreachable/ } } });
  assertAlexaValid(t, first);
  t.match(lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.requestId === 'hung-ssm' && line.message === 'invocation'), { errorType: 'CONFIG_TIMEOUT' });
  t.match(second, { event: { payload: { type: 'INTERNAL_ERROR', message: /Parameter Store did not answer in time \(2 attempts/ } } }, 'the second invocation\'s own read gave up after its two attempts');
  assertAlexaValid(t, second);
  t.equal(aws.ssm.ops().length - abandoned, 2, 'the second invocation started a read of its own (the first one\'s was abandoned at its budget)');
});

t.test('a hung Parameter Store, Custom skill: a spoken reply within the budget', async (t) => {
  aws.ssm.delay('GetParametersByPath', Number.POSITIVE_INFINITY);
  useEnv({ USE_PARAMETER_STORE: 'true', PARAMETER_PREFIX: '/hung-skill' });
  const spoken = await route({ version: '1.0', request: { type: 'LaunchRequest', requestId: 'r', locale: 'en-US' } }, { getRemainingTimeInMillis: () => 600 });
  t.match(spoken, { version: '1.0', response: { outputSpeech: { ssml: /could not load its settings in time/ } } });
  const health = await route({ diagnostics: 'health' }, { getRemainingTimeInMillis: () => 600 });
  t.match(health, { diagnostics: 'health', ok: false, problems: [/could not load its settings within 300 ms/] });
});
