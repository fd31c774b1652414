/**
 * Unit tests for src/homeassistant/cloudflare.ts (the one Cloudflare detector the client and the
 * doctor share), and for Cloudflare Access service tokens end to end through the gateway: the
 * headers reach Home Assistant, an Access login redirect becomes an error naming both settings,
 * and the client secret never reaches a log line or an answer.
 *
 * @see https://developers.cloudflare.com/cloudflare-challenges/challenge-types/challenge-pages/detect-response/
 * @see https://developers.cloudflare.com/cloudflare-one/identity/service-tokens/
 */
import t from 'tap';
import { resetColdStart, route } from '../../src/gateway/route.js';
import { cloudflareAccessLogin, isCloudflareChallenge } from '../../src/homeassistant/cloudflare.js';
import { clearHaCache, resetBreakers } from '../../src/homeassistant/index.js';
import { setLogSink } from '../../src/logging/logger.js';
import { assertAlexaValid } from '../fixtures/alexa-schema.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { setLambdaEnv } from '../fixtures/lambda-env.js';
import { assertNoSecretPart } from '../fixtures/secret-leaks.js';
import { state } from '../fixtures/fake-home-assistant.js';

const headersOf = (headers: Record<string, string>) => (name: string): string | undefined => headers[name];
const none = headersOf({});

t.test('a Cloudflare challenge is recognised by each of its signs alone', async (t) => {
  t.ok(isCloudflareChallenge(headersOf({ 'cf-mitigated': 'challenge' }), '{}'), 'the cf-mitigated header, even on a JSON-looking body');
  t.ok(isCloudflareChallenge(headersOf({ 'cf-mitigated': ' Challenge ' }), ''), 'the header, in any case');
  t.ok(isCloudflareChallenge(none, '<script>window._cf_chl_opt={cvId:"3"}</script>'), 'the challenge options (cf_chl)');
  t.ok(isCloudflareChallenge(none, '<form id="challenge-form" action="/?__cf-chl-f-tk=abc">'), 'a cf-chl parameter');
  t.ok(isCloudflareChallenge(none, '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1"></script>'), 'the challenge-platform script');
  t.ok(isCloudflareChallenge(none, '<html><head><title>Just a moment...</title></head></html>'), 'the interstitial title');
  t.ok(isCloudflareChallenge(none, '<title>Attention Required! | Cloudflare</title>'), 'the WAF block page');
});

t.test('what is not a challenge is not called one', async (t) => {
  t.notOk(isCloudflareChallenge(none, '{"message":"API running."}'), 'Home Assistant\'s JSON');
  t.notOk(isCloudflareChallenge(headersOf({ 'cf-mitigated': 'none', server: 'cloudflare', 'cf-ray': '8f0-AMS' }), '{"message":"API running."}'), 'Home Assistant behind Cloudflare, let through');
  t.notOk(isCloudflareChallenge(none, '<html><title>502 Bad gateway</title><p>cloudflare</p></html>'), 'a Cloudflare error page that merely names Cloudflare');
  t.notOk(isCloudflareChallenge(none, `${' '.repeat(4000)}Just a moment...`), 'a mark past the first 4,000 characters');
});

t.test('a Cloudflare Access login redirect is recognised by its status and *.cloudflareaccess.com location', async (t) => {
  const login = 'https://myteam.cloudflareaccess.com/cdn-cgi/access/login/ha.example.com?kid=abc&redirect_url=%2Fapi%2F';
  t.equal(cloudflareAccessLogin(302, headersOf({ location: login })), 'myteam.cloudflareaccess.com');
  t.equal(cloudflareAccessLogin(307, headersOf({ location: login })), 'myteam.cloudflareaccess.com');
  t.equal(cloudflareAccessLogin(200, headersOf({ location: login })), undefined, 'not a redirect');
  t.equal(cloudflareAccessLogin(302, none), undefined, 'no Location');
  t.equal(cloudflareAccessLogin(302, headersOf({ location: 'https://evilcloudflareaccess.com/x' })), undefined, 'a look-alike host');
  t.equal(cloudflareAccessLogin(302, headersOf({ location: '/auth/authorize' })), undefined, 'a redirect within Home Assistant');
  t.equal(cloudflareAccessLogin(302, headersOf({ location: 'http://[bad' })), undefined, 'an unparsable Location');
});

// End to end through the gateway, against the fake Home Assistant.
const STORED = 'stored-cloudflare-token-0123456789';
const CLIENT_ID = '88bf3b6d86161464f6509f7219099e57.access';
const CLIENT_SECRET = 'cf-access-secret-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const { fake } = useFakeHa(t, { states: [state('light.kitchen', 'off', { friendly_name: 'Kitchen' })], tokens: [STORED] });
const lines: string[] = [];
setLogSink((line) => lines.push(line));
const discover = {
  directive: {
    header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId: 'm-cf' },
    payload: { scope: { type: 'BearerToken', token: STORED } },
  },
};

t.beforeEach(() => {
  lines.length = 0;
  fake.reset();
  clearHaCache();
  resetBreakers();
  resetColdStart();
  setLambdaEnv({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED, HA_CF_ACCESS_CLIENT_ID: CLIENT_ID, HA_CF_ACCESS_CLIENT_SECRET: CLIENT_SECRET });
});

/** Cloudflare Access in front of the fake: without the right service token, a redirect to the login page. */
function accessInFront(expectedSecret: string): { seen: { id?: string; secret?: string }[] } {
  const seen: { id?: string; secret?: string }[] = [];
  fake.override((request) => {
    const id = request.headers['cf-access-client-id'];
    const secret = request.headers['cf-access-client-secret'];
    seen.push({ ...(id === undefined ? {} : { id }), ...(secret === undefined ? {} : { secret }) });
    if (id === CLIENT_ID && secret === expectedSecret) return undefined;
    // Access echoes nothing of the token; the secret is put in the body here to prove it is masked anyway.
    return { status: 302, headers: { location: 'https://myteam.cloudflareaccess.com/cdn-cgi/access/login/ha.example.com?kid=1', 'content-type': 'text/html' }, body: `<html>login ${secret ?? ''}</html>` };
  });
  return { seen };
}

t.test('with a service token set, every Home Assistant call carries it and discovery passes Access', async (t) => {
  const { seen } = accessInFront(CLIENT_SECRET);
  const answer = await route(discover, { awsRequestId: 'cf-1' });
  assertAlexaValid(t, answer);
  t.match(answer, { event: { header: { name: 'Discover.Response' } } });
  t.ok(seen.length > 0 && seen.every((call) => call.id === CLIENT_ID && call.secret === CLIENT_SECRET), 'CF-Access-Client-Id and -Secret on every call');
  assertNoSecretPart(t, lines.join('\n'), [CLIENT_SECRET], 'log lines');
});

t.test('an Access login redirect is a clear error naming both settings, with the secret masked', async (t) => {
  accessInFront('the-secret-Access-expects-instead');
  const rejected = await route(discover, { awsRequestId: 'cf-2' });
  assertAlexaValid(t, rejected);
  t.match(rejected, { event: { header: { name: 'ErrorResponse' }, payload: { type: 'BRIDGE_UNREACHABLE', message: /Cloudflare Access .*not accepted/ } } });
  assertNoSecretPart(t, [JSON.stringify(rejected), ...lines].join('\n'), [CLIENT_SECRET], 'answer and log lines');

  setLambdaEnv({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED });
  const missing = await route(discover, { awsRequestId: 'cf-3' });
  assertAlexaValid(t, missing);
  t.match(missing, { event: { payload: { type: 'BRIDGE_UNREACHABLE', message: /Cloudflare Access answered \(HTTP 302.*HA_CF_ACCESS_CLIENT_ID and HA_CF_ACCESS_CLIENT_SECRET/ } } });
});

t.test('one of the two settings without the other is a configuration error naming both', async (t) => {
  setLambdaEnv({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED, HA_CF_ACCESS_CLIENT_SECRET: CLIENT_SECRET });
  const health = await route({ diagnostics: 'health' });
  t.match(health, { ok: false, problems: [/HA_CF_ACCESS_CLIENT_SECRET is set but HA_CF_ACCESS_CLIENT_ID is not/] });
  assertNoSecretPart(t, [JSON.stringify(health), ...lines].join('\n'), [CLIENT_SECRET], 'answer and log lines');
  setLambdaEnv({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED, HA_CF_ACCESS_CLIENT_ID: CLIENT_ID });
  t.match(await route({ diagnostics: 'health' }), { ok: false, problems: [/HA_CF_ACCESS_CLIENT_ID is set but HA_CF_ACCESS_CLIENT_SECRET is not/] });
});
