/**
 * AcceptGrant through the real handler (src/alexa/events/accept-grant.ts): with events on the code is
 * exchanged at Login with Amazon and the refresh token stored in Parameter Store; every failure is
 * `ACCEPT_GRANT_FAILED` naming the fix; with events off nothing is called.
 */
import t from 'tap';
import { http, HttpResponse } from 'msw';
import { route, resetColdStart } from '../../../src/gateway/route.js';
import { assertAlexaValid } from '../../fixtures/alexa-schema.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { LWA_URL } from '../../fixtures/fake-lwa-events.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { CLIENT_ID, CLIENT_SECRET, configFor, eventsEnv, GRANT, resetWorld, useEventsWorld } from './harness.js';

const STATES = [state('switch.a', 'on', { friendly_name: 'A' })];
const world = useEventsWorld(t, STATES);
t.beforeEach(() => {
  resetWorld(world, STATES);
  resetColdStart();
});

function acceptGrant(code: string): Record<string, unknown> {
  return {
    directive: {
      header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant', messageId: 'msg-grant', payloadVersion: '3' },
      payload: { grant: { type: 'OAuth2.AuthorizationCode', code }, grantee: { type: 'BearerToken', token: 'grantee-token-0123456789' } },
    },
  };
}

async function invoke(event: unknown, env: Record<string, string> = {}, seams: Record<string, string> = {}): Promise<{ event: { header: Record<string, unknown>; payload: Record<string, unknown> } }> {
  await configFor(eventsEnv(env));
  Object.assign(process.env, seams);
  return (await route(event)) as { event: { header: Record<string, unknown>; payload: Record<string, unknown> } };
}

t.test('events on: LWA gets exactly the documented form, the grant is stored as a SecureString, the answer is AcceptGrant.Response', async (t) => {
  const code = world.lwa.issueCode(CLIENT_ID);
  const answer = await invoke(acceptGrant(code));
  t.equal(answer.event.header.name, 'AcceptGrant.Response');
  t.same(answer.event.payload, {});
  assertAlexaValid(t, answer, 'AcceptGrant.Response');
  t.equal(world.lwa.calls.length, 1);
  t.equal(world.lwa.calls[0]?.form, `grant_type=authorization_code&code=${code}&client_id=${encodeURIComponent(CLIENT_ID)}&client_secret=${CLIENT_SECRET}`);
  const put = world.aws.ssm.calls.find((call) => call.op === 'PutParameter');
  t.match(put?.input, { Name: GRANT, Type: 'SecureString', Overwrite: true });
  const stored = JSON.parse(world.aws.ssm.store.get(GRANT)?.Value ?? '{}') as Record<string, unknown>;
  t.match(stored, { v: 1, refresh_token: /^Atzr\|/, region: 'eu-west-1' });
  assertNoSecretPart(t, world.logs.join('\n'), [...world.secrets(), code], 'log lines');
  assertNoSecretPart(t, answer, [...world.secrets(), code], 'answer');
});

t.test('a second AcceptGrant (relink) overwrites the grant, and the next report uses the new token once', async (t) => {
  await invoke(acceptGrant(world.lwa.issueCode(CLIENT_ID)));
  const firstRefresh = (JSON.parse(world.aws.ssm.store.get(GRANT)?.Value ?? '{}') as { refresh_token: string }).refresh_token;
  await invoke(acceptGrant(world.lwa.issueCode(CLIENT_ID)));
  const second = JSON.parse(world.aws.ssm.store.get(GRANT)?.Value ?? '{}') as { refresh_token: string };
  t.not(second.refresh_token, firstRefresh);
  t.equal(world.aws.ssm.store.get(GRANT)?.Version, 2, 'overwritten');
  const { handleIngest } = await import('../../../src/alexa/events/ingest.js');
  const { requestContext, INGEST_SECRET } = await import('./harness.js');
  const ctx = requestContext(await configFor(eventsEnv()));
  const answer = await handleIngest({ rawPath: '/v1/ha/push', headers: { authorization: `Bearer ${INGEST_SECRET}` }, body: '{"v":1,"kind":"state","entity_id":"switch.a"}', requestContext: { http: { method: 'POST' } } }, ctx);
  ctx.dispose();
  t.same(JSON.parse(answer.body), { kind: 'state', sent: 1 });
  t.equal(world.gateway.received.length, 1, 'exactly once');
  t.equal(world.gateway.received[0]?.bearer, world.lwa.accessTokens.at(-1), 'with the access token of the second grant');
  t.equal(world.lwa.calls.length, 2, 'no refresh needed: the relink\'s token is fresh');
});

t.test('events off: AcceptGrant.Response and no call to LWA or Parameter Store', async (t) => {
  const answer = await invoke(acceptGrant('any-code-123456'), { ALEXA_EVENTS: 'off' });
  t.equal(answer.event.header.name, 'AcceptGrant.Response');
  t.same(world.lwa.calls, []);
  t.same(world.aws.ssm.calls, []);
});

t.test('failures answer ACCEPT_GRANT_FAILED naming the fix, within the budget', async (t) => {
  const cases: [string, () => string, Record<string, string>, RegExp][] = [
    ['unknown code', () => 'unknown-code-1234567', {}, /grant is invalid.*disable and enable the skill/],
    ['wrong client secret', () => world.lwa.issueCode(CLIENT_ID), { ALEXA_EVENTS_CLIENT_SECRET: 'wrong-secret-abcdefghijkl' }, /ALEXA_EVENTS_CLIENT_ID and ALEXA_EVENTS_CLIENT_SECRET must be this skill's Alexa Skill Messaging credentials/],
    ['no credentials', () => world.lwa.issueCode(CLIENT_ID), { ALEXA_EVENTS_CLIENT_ID: '' }, /needs ALEXA_EVENTS_CLIENT_ID and ALEXA_EVENTS_CLIENT_SECRET/],
    ['LWA unreachable', () => {
      world.server.use(http.post(LWA_URL, () => HttpResponse.error()));
      return world.lwa.issueCode(CLIENT_ID);
    }, {}, /did not answer in time; try again/],
    ['SSM AccessDenied', () => {
      world.aws.ssm.fail('PutParameter', { code: 'AccessDeniedException', message: 'User is not authorized to perform: ssm:PutParameter' });
      return world.lwa.issueCode(CLIENT_ID);
    }, {}, /ssm:PutParameter on parameter\/ha-alexa-test\/alexa\/events\/grant/],
  ];
  for (const [what, code, env, message] of cases) {
    resetWorld(world, STATES);
    const used = code();
    const answer = await invoke(acceptGrant(used), env);
    t.equal(answer.event.header.namespace, 'Alexa.Authorization', what);
    t.equal(answer.event.header.name, 'ErrorResponse', what);
    t.equal(answer.event.payload.type, 'ACCEPT_GRANT_FAILED', what);
    t.match(String(answer.event.payload.message), message, what);
    assertAlexaValid(t, answer, `${what}: ErrorResponse`);
    assertNoSecretPart(t, answer, [...world.secrets(), used, 'wrong-secret-abcdefghijkl'], `${what}: answer`);
    assertNoSecretPart(t, world.logs.join('\n'), [...world.secrets(), used, 'wrong-secret-abcdefghijkl'], `${what}: log lines`);
    t.notOk(world.aws.ssm.store.has(GRANT), `${what}: no grant stored`);
  }
});

t.test('an override of the LWA or gateway URL that is not loopback is ignored with a warning', async (t) => {
  const { eventsEndpoints } = await import('../../../src/config/index.js');
  const ignored = eventsEndpoints({ AWS_REGION: 'us-west-2', ALEXA_LWA_TOKEN_URL: 'https://evil.example.com/token', ALEXA_EVENT_GATEWAY_URL: 'http://10.0.0.1/v3/events' });
  t.equal(ignored.lwaTokenUrl, 'https://api.amazon.com/auth/o2/token');
  t.equal(ignored.gatewayUrl, 'https://api.fe.amazonalexa.com/v3/events');
  t.equal(ignored.warnings.length, 2);
  t.match(ignored.warnings[0], /ALEXA_LWA_TOKEN_URL is ignored/);
  const loopback = eventsEndpoints({ AWS_REGION: 'eu-west-1', ALEXA_LWA_TOKEN_URL: 'http://127.0.0.1:9/auth/o2/token', ALEXA_EVENT_GATEWAY_URL: 'http://localhost:8/v3/events' });
  t.equal(loopback.lwaTokenUrl, 'http://127.0.0.1:9/auth/o2/token');
  t.equal(loopback.gatewayUrl, 'http://localhost:8/v3/events');
  t.same(loopback.warnings, []);
  t.equal(eventsEndpoints({ AWS_REGION: 'ap-south-1' }).gatewayUrl, undefined, 'no Alexa gateway for other regions');
  t.match(eventsEndpoints({ ALEXA_EVENT_GATEWAY_URL: 'not a url' }).warnings, [/ALEXA_EVENT_GATEWAY_URL is ignored/]);
  t.equal(eventsEndpoints({ AWS_DEFAULT_REGION: 'us-east-1' }).gatewayUrl, 'https://api.amazonalexa.com/v3/events');

  t.teardown(() => delete process.env.ALEXA_LWA_TOKEN_URL);
  await invoke(acceptGrant(world.lwa.issueCode(CLIENT_ID)), {}, { ALEXA_LWA_TOKEN_URL: 'https://evil.example.com/token' });
  t.equal(world.lwa.calls.length, 1, 'Amazon\'s endpoint was used');
  t.match(world.logs.join('\n'), /ALEXA_LWA_TOKEN_URL is ignored/);
});
