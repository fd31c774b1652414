/**
 * Tests for src/doctor/checks/events.ts: the Alexa events settings and the stored grant (present, of
 * this region, refreshable at Login with Amazon, no event sent). Parameter Store, LWA and the gateway
 * are loopback fakes (fake-aws-server.ts; fake-lwa-events.ts and fake-event-gateway.ts behind fake-http-server.ts).
 */
import t from 'tap';
import { createFakeAws } from '../../fixtures/fake-aws.js';
import { startFakeAwsServer } from '../../fixtures/fake-aws-server.js';
import { startFakeHttpServer } from '../../fixtures/fake-http-server.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { FakeLwa } from '../../fixtures/fake-lwa-events.js';
import { FakeEventGateway, GATEWAY_URLS } from '../../fixtures/fake-event-gateway.js';
import { startHaServer } from '../../fixtures/ha-server.js';
import { check, doctor, TOKEN } from '../run-doctor.js';
import { resetTokens } from '../../../src/alexa/events/tokens.js';

const PREFIX = '/ha-alexa';
const CLIENT_ID = 'amzn1.application-oa2-client.doctor0123456789';
const CLIENT_SECRET = 'doctor-client-secret-0123456789abcdef';
const INGEST = 'doctor-ingest-secret-0123456789abcdefghij';
const GRANT = `${PREFIX}/alexa/events/grant`;

const home = new FakeHomeAssistant({ tokens: [TOKEN] });
const ha = await startHaServer(home);
const lwa = new FakeLwa(CLIENT_ID, CLIENT_SECRET);
const lwaServer = await startFakeHttpServer((request) => lwa.handle(request), 'https://api.amazon.com');
const gateway = new FakeEventGateway(lwa);
const gatewayServer = await startFakeHttpServer((request) => gateway.handle(request), GATEWAY_URLS['eu-west-1']);
const aws = createFakeAws();
const awsServer = await startFakeAwsServer(aws);
t.teardown(async () => {
  await Promise.all([ha.close(), lwaServer.close(), gatewayServer.close(), awsServer.close()]);
});
t.beforeEach(() => {
  aws.ssm.store.clear();
  aws.ssm.calls.length = 0;
  resetTokens();
  lwa.calls.length = 0;
});

const EVENTS = ['events', 'events_grant'];
const env = (extra: Record<string, string> = {}) => ({
  HOME_ASSISTANT_URL: ha.url,
  HOME_ASSISTANT_TOKEN: TOKEN,
  PARAMETER_PREFIX: PREFIX,
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIADOCTORFAKEFAKE',
  AWS_SECRET_ACCESS_KEY: 'doctor-fake-secret',
  AWS_ENDPOINT_URL_SSM: awsServer.url,
  ALEXA_EVENTS: 'on',
  ALEXA_EVENTS_CLIENT_ID: CLIENT_ID,
  ALEXA_EVENTS_CLIENT_SECRET: CLIENT_SECRET,
  HA_EVENTS_SECRET: INGEST,
  ALEXA_LWA_TOKEN_URL: `${lwaServer.url}/auth/o2/token`,
  ALEXA_EVENT_GATEWAY_URL: `${gatewayServer.url}/v3/events`,
  ...extra,
});
const storeGrant = (region = 'eu-west-1', refreshToken = lwa.issueRefreshToken(CLIENT_ID)) => {
  aws.ssm.put(GRANT, JSON.stringify({ v: 1, refresh_token: refreshToken, region, granted_at: '2026-12-01T09:00:00.000Z' }), 'SecureString');
  return refreshToken;
};
const run = (extra: Record<string, string> = {}) => doctor(env(extra), { diagnostics: 'doctor', checks: EVENTS });

t.test('events off: every events line is skipped, and nothing is asked of Parameter Store or Login with Amazon', async (t) => {
  const report = await run({ ALEXA_EVENTS: 'off' });
  for (const name of ['events', 'events_grant']) t.match(check(report, name), { status: 'skipped', value: 'ALEXA_EVENTS is off' });
  t.same(aws.ssm.calls, []);
  t.same(lwa.calls, []);
});

t.test('a missing secret is named with where it goes', async (t) => {
  const report = await run({ HA_EVENTS_SECRET: '' });
  t.match(check(report, 'events'), { status: 'fail', code: 'events_settings', value: 'not set: HA_EVENTS_SECRET', fix: /Store HA_EVENTS_SECRET as secrets of the production environment/ });
});

t.test('a stored grant of this region refreshes at Login with Amazon: ok, and no event is sent', async (t) => {
  const refreshToken = storeGrant();
  const report = await run();
  t.match(check(report, 'events'), { status: 'ok' });
  t.match(check(report, 'events_grant'), { status: 'ok', value: 'grant from 2026-12-01; a token refresh works (no event sent)' });
  t.same(lwa.calls.map((call) => call.grantType), ['refresh_token']);
  t.same(gateway.received, [], 'the gateway is never called');
  const text = JSON.stringify(report);
  for (const secret of [refreshToken, CLIENT_SECRET, INGEST, ...lwa.accessTokens]) t.notOk(text.includes(secret), 'no token or secret in the report');
});

t.test('no grant, a grant of another region, a revoked grant: each fails naming the relink', async (t) => {
  t.match(check(await run(), 'events_grant'), { status: 'fail', code: 'no_grant', fix: /disable the Smart Home skill and enable it again/ });
  t.same(lwa.calls, [], 'no refresh without a grant');

  resetTokens();
  storeGrant('us-east-1');
  t.match(check(await run(), 'events_grant'), { status: 'fail', code: 'grant_region', value: 'the grant was received in us-east-1, this function runs in eu-west-1' });

  resetTokens();
  const revoked = storeGrant();
  lwa.revoke(revoked);
  t.match(check(await run(), 'events_grant'), { status: 'fail', code: 'lwa_invalid_grant', value: /refused the refresh \(invalid_grant\)/ });
});

t.test('Parameter Store refusing the read names the stack update', async (t) => {
  aws.ssm.fail('GetParameter', { code: 'AccessDeniedException', message: 'User: arn:aws:sts::1:assumed-role/x/y is not authorized to perform: ssm:GetParameter', status: 400, times: 1 });
  t.match(check(await run(), 'events_grant'), { status: 'fail', code: 'grant_unreadable', value: /ssm:GetParameter/, fix: /AlexaEvents=on/ });
});
