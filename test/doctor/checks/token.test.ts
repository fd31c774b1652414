/**
 * Tests for src/doctor/checks/token.ts, challenge.ts and latency.ts, which share one `GET /api/` with
 * the stored token: 200, 401 (never retried), 403 (banned), a Cloudflare challenge, an HTML page.
 */
import t from 'tap';
import { useDoctorHa } from '../../fixtures/doctor-ha.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { check, doctor, TOKEN } from '../run-doctor.js';

const fake = new FakeHomeAssistant({ tokens: [TOKEN] });
const ha = await useDoctorHa(t, fake);

const env = (token = TOKEN) => ({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: token });
const tokenChecks = { diagnostics: 'doctor', checks: ['token', 'challenge', 'mode', 'discovery', 'latency'] };

t.test('a valid token: ok, and the round trip is measured over four calls', async (t) => {
  const report = await doctor(env(), tokenChecks);
  t.match(check(report, 'token'), { status: 'ok', value: /GET \/api\/ accepted the token \(HTTP 200 in \d+ ms\)/ });
  t.match(check(report, 'challenge'), { status: 'ok', value: 'GET /api/ answered JSON (HTTP 200)' });
  t.match(check(report, 'latency'), { status: 'ok', value: /^p50 \d+ ms, max \d+ ms over 4 calls$/ });
  t.equal(ha.seen.filter((request) => request.path === '/api/').length, 4, 'one shared token call plus three for the latency');
});

t.test('401: the token is invalid or deleted, how to make a new one, and it is asked exactly once', async (t) => {
  const report = await doctor(env('deleted-token-abcdefghijkl'), tokenChecks);
  t.match(check(report, 'token'), { status: 'fail', code: 'invalid_token', value: /HTTP 401: the token is invalid, expired or was deleted/, fix: /Long-lived access tokens → Create token/ });
  for (const name of ['mode', 'discovery', 'latency']) t.match(check(report, name), { status: 'skipped', value: /until the token line passes/ }, name);
  t.same(ha.seen.map((request) => `${request.method} ${request.path}`), ['GET /api/'], 'one call with the bad token, never retried');
  t.notOk(JSON.stringify(report).includes('deleted-token-abcdefghijkl'), 'the token is not in the report');
});

t.test('403 from Home Assistant: the IP is banned, and the fix names ip_bans.yaml', async (t) => {
  fake.override((request) => (request.path === '/api/' ? { status: 403, body: { message: 'Forbidden' } } : undefined));
  const report = await doctor(env(), tokenChecks);
  t.match(check(report, 'token'), { status: 'fail', code: 'banned', value: /HTTP 403/, fix: /ip_bans\.yaml/ });
  t.equal(ha.seen.filter((request) => request.path === '/api/').length, 1);
});

t.test('404 on /api/: HOME_ASSISTANT_URL is not Home Assistant\'s base URL', async (t) => {
  fake.override((request) => (request.path === '/api/' ? { status: 404, body: { message: 'nope' } } : undefined));
  t.match(check(await doctor(env(), tokenChecks), 'token'), { status: 'fail', code: 'not_found', fix: /base URL/ });
});

t.test('500 on /api/: named with its status', async (t) => {
  fake.override((request) => (request.path === '/api/' ? { status: 502, body: { message: 'bad gateway' } } : undefined));
  t.match(check(await doctor(env(), tokenChecks), 'token'), { status: 'fail', code: 'http_error', value: 'HTTP 502 on /api/' });
});

t.test('a Cloudflare challenge is named, with the Cloudflare setting to change', async (t) => {
  fake.override((request) =>
    request.path === '/api/'
      ? { status: 403, headers: { 'content-type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge', server: 'cloudflare' }, body: '<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>' }
      : undefined,
  );
  const report = await doctor(env(), tokenChecks);
  t.match(check(report, 'challenge'), { status: 'fail', code: 'challenge', value: /Cloudflare challenge page \(HTTP 403\)/, fix: /Bot Fight Mode.*WAF custom rule/ });
  t.match(check(report, 'token'), { status: 'skipped', fix: 'See the challenge line.' });
});

t.test('an HTML page where JSON was expected is named with who sent it', async (t) => {
  fake.override((request) =>
    request.path === '/api/' ? { status: 200, headers: { 'content-type': 'text/html', server: 'nginx' }, body: '<html><body>Welcome to nginx!</body></html>' } : undefined,
  );
  t.match(check(await doctor(env(), tokenChecks), 'challenge'), { status: 'fail', code: 'html', value: /HTML page from nginx \(HTTP 200: "Welcome to nginx!"\) where JSON was expected/ });
});

t.test('no stored token: the token line fails, the checks that need it are skipped', async (t) => {
  const report = await doctor({ HOME_ASSISTANT_URL: ha.url }, tokenChecks);
  t.match(check(report, 'token'), { status: 'fail', code: 'no_token', value: 'no stored token' });
  t.match(check(report, 'challenge'), { status: 'skipped' });
  t.same(ha.seen, [], 'nothing is asked without a token');
});

t.test('HA_TOKEN_SOURCE=directive without a stored token: the token line is skipped, not failed', async (t) => {
  const report = await doctor({ HOME_ASSISTANT_URL: ha.url, HA_TOKEN_SOURCE: 'directive' }, tokenChecks);
  t.match(check(report, 'token'), { status: 'skipped', value: /HA_TOKEN_SOURCE=directive/ });
});

t.test('a Home Assistant that answers once and then fails shows in the round trip', async (t) => {
  let calls = 0;
  fake.override((request) => (request.path === '/api/' && ++calls > 1 ? { status: 500, body: { message: 'boom' } } : undefined));
  t.match(check(await doctor(env(), { diagnostics: 'doctor', checks: ['latency'] }), 'latency'), { status: 'warn', code: 'flaky', value: /call 2 of 4 failed \(HTTP 500\)/ });
});
