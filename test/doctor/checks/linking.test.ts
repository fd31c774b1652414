/**
 * Tests for src/doctor/checks/linking.ts: `/auth/authorize` and `/auth/token` answer on HTTPS 443
 * without sending the token.
 */
import t from 'tap';
import { startDoctorHa, useDoctorHa } from '../../fixtures/doctor-ha.js';
import { makeCertificate, opensslAvailable } from '../../fixtures/certificates.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { check, doctor, TOKEN } from '../run-doctor.js';

const fake = new FakeHomeAssistant({ tokens: [TOKEN] });
const ha = await useDoctorHa(t, fake);
const only = { diagnostics: 'doctor', checks: ['linking'] };

t.test('plain http on another port fails and says Alexa links only over HTTPS on 443', async (t) => {
  const line = check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, only), 'linking');
  t.match(line, { status: 'fail', code: 'not_https_443', value: new RegExp(`^http on port ${ha.port}$`), fix: /only over HTTPS on port 443/ });
  t.same(ha.seen.map((request) => [request.method, request.path, request.token]), [['GET', '/auth/authorize', undefined], ['POST', '/auth/token', undefined]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))), 'both pages asked, never with the token');
});

t.test('a challenge on /auth/token and a 404 on /auth/authorize are named', async (t) => {
  fake.override((request) => {
    if (request.path === '/auth/token') return { status: 403, headers: { 'cf-mitigated': 'challenge', 'content-type': 'text/html' }, body: '<html></html>' };
    if (request.path === '/auth/authorize') return { status: 404, body: 'Not Found' };
    return undefined;
  });
  const line = check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, only), 'linking');
  t.match(line, { status: 'fail', value: /\/auth\/authorize: HTTP 404; \/auth\/token: a Cloudflare challenge/ });
});

t.test('405 or an HTML page on /auth/token fail with their own fix', async (t) => {
  fake.override((request) => (request.path === '/auth/token' ? { status: 405, body: 'no' } : undefined));
  t.match(check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, only), 'linking'), { value: /\/auth\/token: HTTP 405/ });
  fake.reset();
  fake.override((request) => (request.path === '/auth/token' ? { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>portal</html>' } : undefined));
  t.match(check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, only), 'linking'), { value: /\/auth\/token: an HTML page/ });
});

t.test('HA_TOKEN_SOURCE=stored: the skill does not link to Home Assistant, so the line is skipped', async (t) => {
  t.match(check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_TOKEN_SOURCE: 'stored' }, only), 'linking'), { status: 'skipped' });
});

t.test('https on the account-linking port with both pages answering: ok', { skip: opensslAvailable() ? false : 'openssl is not installed' }, async (t) => {
  const certificate = makeCertificate(365, ['127.0.0.1']);
  const secure = await startDoctorHa(fake, certificate);
  t.teardown(() => secure.close());
  // Tests cannot listen on 443, so the port Alexa requires is the test server's.
  const report = await doctor({ HOME_ASSISTANT_URL: secure.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_CA_BUNDLE: certificate.cert }, only, { linkingPort: secure.port });
  t.match(check(report, 'linking'), { status: 'ok', value: `/auth/authorize and /auth/token answer on 127.0.0.1:${secure.port}` });
});
