/**
 * Tests for src/doctor/checks/access.ts and the doctor's view of Cloudflare Access: the service
 * token is sent with the doctor's Home Assistant calls, an Access login redirect is named with the
 * settings to fix, and the account-linking check asks /auth/token without the token, as Amazon's
 * servers do, so an Access application that does not bypass it is caught.
 *
 * @see https://developers.cloudflare.com/cloudflare-one/identity/service-tokens/
 * @see https://developers.cloudflare.com/cloudflare-one/policies/access/#bypass
 */
import t from 'tap';
import { startDoctorHa, useDoctorHa } from '../../fixtures/doctor-ha.js';
import { makeCertificate, opensslAvailable } from '../../fixtures/certificates.js';
import { FakeHomeAssistant, type FakeRequest } from '../../fixtures/fake-home-assistant.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { check, doctor, TOKEN } from '../run-doctor.js';

const fake = new FakeHomeAssistant({ tokens: [TOKEN] });
const ha = await useDoctorHa(t, fake);
const CLIENT_ID = 'doctor-client.access';
const CLIENT_SECRET = 'doctor-access-secret-0123456789abcdef';
const LOGIN = { status: 302, headers: { location: 'https://myteam.cloudflareaccess.com/cdn-cgi/access/login/ha?kid=1', 'content-type': 'text/html' }, body: '' };

/** Access in front of every path (or those given): only the right service token passes. */
function accessInFront(paths?: readonly string[]): FakeRequest[] {
  const seen: FakeRequest[] = [];
  fake.override((request) => {
    seen.push(request);
    if (paths !== undefined && !paths.includes(request.path)) return undefined;
    const passes = request.headers['cf-access-client-id'] === CLIENT_ID && request.headers['cf-access-client-secret'] === CLIENT_SECRET;
    return passes ? undefined : LOGIN;
  });
  return seen;
}

t.beforeEach(() => fake.reset());

t.test('an Access login in front of /api/ fails the challenge line, naming the two settings', async (t) => {
  accessInFront();
  const report = await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, { diagnostics: 'doctor', checks: ['challenge', 'token', 'mode'] });
  t.match(check(report, 'challenge'), { status: 'fail', code: 'cf_access', value: /GET \/api\/ was redirected to Cloudflare Access's login page \(HTTP 302\)/, fix: /HA_CF_ACCESS_CLIENT_ID and HA_CF_ACCESS_CLIENT_SECRET/ });
  t.match(check(report, 'token'), { status: 'skipped' }, 'the token was never put to Home Assistant');
  t.match(check(report, 'mode'), { status: 'skipped' }, 'nor asked for devices');
});

t.test('with the service token set, the doctor\'s calls pass Access and the secret stays out of the report', async (t) => {
  const seen = accessInFront();
  const report = await doctor(
    { HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_CF_ACCESS_CLIENT_ID: CLIENT_ID, HA_CF_ACCESS_CLIENT_SECRET: CLIENT_SECRET },
    { diagnostics: 'doctor', checks: ['challenge', 'token', 'mode'] },
  );
  t.match(check(report, 'challenge'), { status: 'ok' });
  t.match(check(report, 'token'), { status: 'ok' });
  t.match(check(report, 'mode'), { status: 'ok' });
  t.ok(seen.length >= 3 && seen.every((request) => request.headers['cf-access-client-id'] === CLIENT_ID), 'every call carried the client ID');
  assertNoSecretPart(t, report, [CLIENT_SECRET], 'the report');
});

t.test('a service token Access does not accept is named as such', async (t) => {
  accessInFront();
  const report = await doctor(
    { HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_CF_ACCESS_CLIENT_ID: CLIENT_ID, HA_CF_ACCESS_CLIENT_SECRET: 'a-revoked-secret-0123456789' },
    { diagnostics: 'doctor', checks: ['challenge'] },
  );
  t.match(check(report, 'challenge'), { status: 'fail', value: /although a service token was sent/, fix: /not expired or revoked.*Service Auth policy/ });
});

t.test('account linking: Access on /auth/token fails (Amazon carries no service token), on /auth/authorize it is fine', { skip: opensslAvailable() ? false : 'openssl is not installed' }, async (t) => {
  const certificate = makeCertificate(365, ['127.0.0.1']);
  const secure = await startDoctorHa(fake, certificate);
  t.teardown(() => secure.close());
  const seen = accessInFront(['/auth/token', '/auth/authorize']);
  const env = { HOME_ASSISTANT_URL: secure.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_CA_BUNDLE: certificate.cert, HA_CF_ACCESS_CLIENT_ID: CLIENT_ID, HA_CF_ACCESS_CLIENT_SECRET: CLIENT_SECRET };
  // Tests cannot listen on 443, so the port Alexa requires is the test server's.
  const line = check(await doctor(env, { diagnostics: 'doctor', checks: ['linking'] }, { linkingPort: secure.port }), 'linking');
  t.match(line, { status: 'fail', code: 'cf_access', value: /^\/auth\/token: a redirect to Cloudflare Access's login \(HTTP 302\), which Amazon's servers cannot pass$/, fix: /Bypass policy/ });
  t.ok(seen.length === 2 && seen.every((request) => request.headers['cf-access-client-secret'] === undefined), 'the linking probes carry no service token');
});
