/**
 * Unit tests for src/gateway/route.ts over real loopback sockets (no msw): a Home Assistant call still
 * running when its invocation answers must not outlive it, so hung calls neither fill the keep-alive
 * pool of a warm container nor keep the circuit breaker's probe forever.
 */
import t from 'tap';
import { route } from '../../src/gateway/route.js';
import { clearHaCache, resetBreakers } from '../../src/homeassistant/index.js';
import { loadCustomSkill, loadNativeTranslator } from '../../src/lazy.js';
import { setLogSink } from '../../src/logging/logger.js';
import { ask, SKILL_ID } from '../alexa/custom-skill/skill-requests.js';
import { assertAlexaValid } from '../fixtures/alexa-schema.js';
import { FakeHomeAssistant, state } from '../fixtures/fake-home-assistant.js';
import { startHaServer } from '../fixtures/ha-server.js';
import { setLambdaEnv } from '../fixtures/lambda-env.js';

const STORED = 'stored-containment-token-0123456789';
const LINKED = 'linked-token-abcdef';
const fake = new FakeHomeAssistant({ states: [state('light.kitchen', 'off', { friendly_name: 'Kitchen', supported_color_modes: ['onoff'] })], tokens: [STORED, LINKED] });
const ha = await startHaServer(fake);
t.teardown(() => ha.close());
setLogSink(() => undefined);
// Loaded up front so the short budgets below are spent on Home Assistant, not on transpiling.
await Promise.all([loadCustomSkill(), loadNativeTranslator()]);

const useEnv = (env: Record<string, string>): void => setLambdaEnv({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: STORED, ALEXA_SKILL_ID: SKILL_ID, ...env });

t.beforeEach(() => {
  fake.reset();
  clearHaCache();
  resetBreakers();
});

const turnOn = {
  directive: {
    header: { namespace: 'Alexa.PowerController', name: 'TurnOn', payloadVersion: '3', messageId: 'm-1', correlationToken: 'corr-1' },
    endpoint: { scope: { type: 'BearerToken', token: LINKED }, endpointId: 'light#kitchen', cookie: {} },
    payload: {},
  },
};

function nameOf(answer: unknown): unknown {
  return (answer as { event?: { header?: { name?: unknown } } }).event?.header?.name;
}

/** Waits (at most 2 s) until the fake has seen every connection closed; returns how many are still open. */
async function openRequestsAfterClosing(): Promise<number> {
  for (let waited = 0; ha.open() > 0 && waited < 2_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  return ha.open();
}

t.test('16 hung Assist calls do not fill the keep-alive pool: TurnOn still reaches Home Assistant', async (t) => {
  // Prepare: Assist never answers; everything else answers at once.
  useEnv({ HA_TIMEOUT: '1.5' });
  fake.override((request) => (request.path === '/api/conversation/process' ? { status: 200, delayMs: Number.POSITIVE_INFINITY } : undefined));

  // Act: 16 Custom skill invocations give up on Assist (the pool holds 16 sockets), then a TurnOn.
  const spoken = await Promise.all(Array.from({ length: 16 }, () => route(ask('tell me a long story', { api: false }))));
  const openAfterAnswers = await openRequestsAfterClosing();
  const answer = await route(turnOn);

  // Assess
  t.ok(spoken.every((reply) => JSON.stringify(reply).includes('taking too long')), 'each Assist invocation answered "too slow"');
  t.equal(openAfterAnswers, 0, 'no request outlives the invocation that made it');
  t.equal(nameOf(answer), 'Response', 'TurnOn succeeded');
  assertAlexaValid(t, answer);
  t.same(fake.calls.map((call) => `${call.domain}.${call.service}`), ['light.turn_on']);
});

t.test('a hung call holding the half-open probe does not keep the circuit open', async (t) => {
  // Prepare: one 500 opens the circuit (threshold 1, no cool-down), so the next call is the probe.
  useEnv({ HA_TIMEOUT: '1.5', HA_CIRCUIT_THRESHOLD: '1', HA_CIRCUIT_COOLDOWN: '0' });
  let failing = true;
  fake.override((request) => {
    if (request.path === '/api/conversation/process') return { status: 200, delayMs: Number.POSITIVE_INFINITY };
    return failing && request.path.startsWith('/api/services/') ? { status: 500, body: 'boom' } : undefined;
  });
  const failed = await route(turnOn);
  t.equal(nameOf(failed), 'ErrorResponse', 'the 500 is reported');
  failing = false;

  // Act: a hung Assist call takes the probe and its invocation answers without it; then a TurnOn.
  await route(ask('what is the weather', { api: false }));
  t.equal(await openRequestsAfterClosing(), 0, 'the hung probe was aborted when its invocation answered');
  const answer = await route(turnOn);

  // Assess: the abandoned probe neither counted as a failure nor stayed claimed.
  t.equal(nameOf(answer), 'Response', 'TurnOn succeeded');
  assertAlexaValid(t, answer);
  t.same(fake.calls.map((call) => `${call.domain}.${call.service}`), ['light.turn_on'], 'the second TurnOn reached Home Assistant (the fake records only what it ran)');
});
