/**
 * The diagnostics alias is read-only: through `…:function:NAME:diagnostics` (Lambda's
 * `invokedFunctionArn`), the gateway answers Discover, ReportState and diagnostics events, and refuses
 * every other Smart Home directive and every Custom skill request without calling Home Assistant.
 */
import t from 'tap';
import { resetColdStart, route } from '../../src/gateway/route.js';
import { invokedThroughDiagnosticsAlias } from '../../src/gateway/diagnostics-alias.js';
import { clearHaCache, resetBreakers } from '../../src/homeassistant/index.js';
import { setLogSink } from '../../src/logging/logger.js';
import { assertAlexaValid } from '../fixtures/alexa-schema.js';
import { demoStates } from '../fixtures/demo-home.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { setLambdaEnv } from '../fixtures/lambda-env.js';
import { assertSkillResponse, intent, launch } from '../alexa/custom-skill/skill-requests.js';

const STORED = 'stored-admin-token-0123456789';
const { fake } = useFakeHa(t, { tokens: [STORED], states: demoStates() });
const lines: string[] = [];
setLogSink((line) => lines.push(line));

const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:111122223333:function:ha-alexa';
const through = (qualifier: string) => ({ awsRequestId: 'req-ro', invokedFunctionArn: `${FUNCTION_ARN}:${qualifier}`, getRemainingTimeInMillis: () => 8000 });
const DIAGNOSTICS = through('diagnostics');

t.beforeEach(() => {
  lines.length = 0;
  fake.reset();
  clearHaCache();
  resetBreakers();
  resetColdStart();
  setLambdaEnv({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED });
});

/** A control directive without a scope: the gateway would use the stored (admin) token. */
function control(namespace: string, name: string, endpointId: string, payload: Record<string, unknown> = {}, instance?: string) {
  return {
    directive: {
      header: { namespace, name, payloadVersion: '3', messageId: 'm-ctl', correlationToken: 'corr-ctl', ...(instance ? { instance } : {}) },
      endpoint: { endpointId, cookie: {} },
      payload,
    },
  };
}

const unlock = control('Alexa.LockController', 'Unlock', 'lock#front_door');
const openGarage = control('Alexa.ModeController', 'SetMode', 'cover#garage_door', { mode: 'position.open' }, 'cover.position');
const turnOn = control('Alexa.PowerController', 'TurnOn', 'light#kitchen');
const acceptGrant = {
  directive: {
    header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant', payloadVersion: '3', messageId: 'm-grant' },
    payload: { grant: { type: 'OAuth2.AuthorizationCode', code: 'code-123' }, grantee: { type: 'BearerToken', token: 'linked-token-abcdef' } },
  },
};
const discover = { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId: 'm-disc' }, payload: {} } };
const reportState = {
  directive: { header: { namespace: 'Alexa', name: 'ReportState', payloadVersion: '3', messageId: 'm-rs', correlationToken: 'corr-rs' }, endpoint: { endpointId: 'lock#front_door', cookie: {} }, payload: {} },
};

function summary(): Record<string, unknown> {
  const found = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'invocation');
  return found.at(-1) ?? {};
}

t.test('only the diagnostics alias of a function ARN counts; the event cannot claim it', (t) => {
  t.ok(invokedThroughDiagnosticsAlias(`${FUNCTION_ARN}:diagnostics`));
  for (const arn of [undefined, '', FUNCTION_ARN, `${FUNCTION_ARN}:live`, `${FUNCTION_ARN}:7`, `${FUNCTION_ARN}:diagnostics:x`, 'diagnostics', `${FUNCTION_ARN}:Diagnostics`]) {
    t.notOk(invokedThroughDiagnosticsAlias(arn), `not ${String(arn)}`);
  }
  t.end();
});

t.test('through diagnostics, a scope-less Unlock, a SetMode opening the garage, a TurnOn and an AcceptGrant are refused, and Home Assistant is never called', async (t) => {
  for (const [what, event, namespace, type] of [
    ['LockController.Unlock', unlock, 'Alexa', 'INVALID_DIRECTIVE'],
    ['ModeController.SetMode', openGarage, 'Alexa', 'INVALID_DIRECTIVE'],
    ['PowerController.TurnOn', turnOn, 'Alexa', 'INVALID_DIRECTIVE'],
    ['Authorization.AcceptGrant', acceptGrant, 'Alexa.Authorization', 'ACCEPT_GRANT_FAILED'],
  ] as const) {
    const answer = (await route(event, DIAGNOSTICS)) as { event: { header: { namespace: string; name: string; correlationToken?: string }; payload: { type: string; message: string } } };
    assertAlexaValid(t, answer, what);
    t.match(answer.event, { header: { namespace, name: 'ErrorResponse' }, payload: { type, message: /diagnostics alias is read-only/ } }, `${what}: refused`);
    t.match(summary(), { kind: 'smart-home', outcome: 'error', errorType: 'READ_ONLY_ALIAS' }, `${what}: logged as refused`);
  }
  t.equal(fake.requests.length, 0, 'no Home Assistant request at all');
  t.equal(fake.calls.length, 0, 'no service was called');
  t.equal(fake.states.get('lock.front_door')?.state, 'unlocked', 'the door is as it was');
  t.equal(fake.states.get('cover.garage_door')?.state, 'closed', 'the garage stays closed');
});

t.test('through diagnostics, Custom skill requests (an Assist question, a launch) get a spoken refusal without Home Assistant', async (t) => {
  for (const event of [intent('ConversationIntent', { query: 'open the garage door' }), launch()]) {
    const answer = assertSkillResponse(t, await route(event, DIAGNOSTICS));
    t.match(answer.speech, /diagnostics version of the skill: it cannot control your home/);
    t.equal(answer.response.shouldEndSession, true);
    t.match(summary(), { kind: 'custom-skill', outcome: 'error', errorType: 'READ_ONLY_ALIAS' });
  }
  t.equal(fake.requests.length, 0);
});

t.test('through diagnostics, Discover, ReportState and the diagnostics events still answer', async (t) => {
  const discovered = (await route(discover, DIAGNOSTICS)) as { event: { header: { name: string }; payload: { endpoints: { endpointId: string }[] } } };
  t.equal(discovered.event.header.name, 'Discover.Response');
  t.ok(discovered.event.payload.endpoints.some((endpoint) => endpoint.endpointId === 'lock#front_door'));
  const state = (await route(reportState, DIAGNOSTICS)) as { event: { header: { name: string } } };
  t.equal(state.event.header.name, 'StateReport');
  t.match(await route({ diagnostics: 'health' }, DIAGNOSTICS), { diagnostics: 'health', ok: true });
  t.match(await route({ diagnostics: 'ping' }, DIAGNOSTICS), { diagnostics: 'ping', ok: true });
  t.equal(fake.calls.length, 0, 'nothing was switched');
});

t.test('through live (and without an ARN), the same Unlock still unlocks: the guard is the alias, not the event', async (t) => {
  const answer = (await route(unlock, through('live'))) as { event: { header: { name: string } } };
  t.equal(answer.event.header.name, 'Response');
  t.same(fake.calls.map((call) => `${call.domain}.${call.service}`), ['lock.unlock'], 'Home Assistant was asked to unlock');
});
