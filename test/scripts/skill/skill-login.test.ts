/**
 * Tests for scripts/skill/skill-login.ts (npm run skill:login): the browser consent is driven on
 * loopback (the test plays the browser), the code is exchanged with a fake Login with Amazon, and
 * the refresh token ends up in a private file, never in the output.
 */
import { readFileSync, statSync } from 'node:fs';
import t from 'tap';
import { runCli } from '../../../scripts/shared/cli.js';
import { createMain } from '../../../scripts/skill/skill-login.js';
import { consentUrl, SMAPI_SCOPES } from '../../../scripts/skill/lwa.js';
import { CONSENT_CODE, LWA_CLIENT, REFRESH_TOKEN, startFakeSmapi } from '../../fixtures/fake-smapi.js';
import { createRun } from '../helpers/recorder.js';
import { setTimeout as sleep } from 'node:timers/promises';

async function startLogin(env: NodeJS.ProcessEnv, argv: string[] = ['--port', '0'], waitMs = 10_000) {
  const recorder = createRun();
  for (const key of ['CI', 'LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_TOKEN_URL', 'LWA_AUTHORIZE_URL', 'SMAPI_ENDPOINT']) delete recorder.env[key];
  Object.assign(recorder.env, env);
  const done = runCli('skill:login', createMain({ waitMs }), argv, recorder.env, recorder.io);
  return { ...recorder, done };
}

/** The consent URL once the script has printed it (the script is waiting on its loopback server by then). */
async function consentFrom(lines: string[]): Promise<URL> {
  for (let i = 0; i < 500; i += 1) {
    const line = lines.find((text) => text.trim().startsWith('https://'));
    if (line) return new URL(line.trim());
    await sleep(10);
  }
  throw new Error(`no consent URL in: ${lines.join('\n')}`);
}

t.test('consent on loopback: the code becomes a refresh token in a private file, and the gh commands read it from there', async (t) => {
  const fake = await startFakeSmapi();
  t.teardown(() => fake.close());
  const login = await startLogin({ LWA_CLIENT_ID: LWA_CLIENT.id, LWA_CLIENT_SECRET: LWA_CLIENT.secret, LWA_TOKEN_URL: fake.env.LWA_TOKEN_URL, SMAPI_ENDPOINT: fake.url, LWA_AUTHORIZE_URL: 'https://www.amazon.com/ap/oa' });
  const consent = await consentFrom(login.io.lines);
  t.equal(consent.origin + consent.pathname, 'https://www.amazon.com/ap/oa');
  t.equal(consent.searchParams.get('client_id'), LWA_CLIENT.id);
  t.equal(consent.searchParams.get('scope'), 'alexa::ask:skills:readwrite alexa::ask:models:readwrite');
  t.equal(consent.searchParams.get('response_type'), 'code');
  const redirect = consent.searchParams.get('redirect_uri') ?? '';
  t.match(redirect, /^http:\/\/127\.0\.0\.1:\d+\/cb$/, 'loopback only');
  const state = consent.searchParams.get('state') ?? '';
  t.match(state, /^[0-9a-f]{32}$/);

  // The browser: a stray request and a forged state are turned away, then the real answer.
  t.equal((await fetch(redirect.replace('/cb', '/favicon.ico'))).status, 404);
  t.equal((await fetch(`${redirect}?code=forged&state=wrong`)).status, 400);
  t.equal((await fetch(`${redirect}?state=${state}`)).status, 400, 'no code');
  const browser = await fetch(`${redirect}?code=${CONSENT_CODE}&state=${state}&scope=${encodeURIComponent(SMAPI_SCOPES.join(' '))}`);
  t.equal(browser.status, 200);
  t.match(await browser.text(), /Signed in\. You can close this tab/);

  t.equal(await login.done, 0, login.io.text());
  t.same(fake.shapeErrors, []);
  const exchange = fake.requests.find((request) => request.path === '/auth/o2/token');
  const form = new URLSearchParams(String(exchange?.body));
  t.same(Object.fromEntries(form), { grant_type: 'authorization_code', code: CONSENT_CODE, redirect_uri: redirect, client_id: LWA_CLIENT.id, client_secret: LWA_CLIENT.secret });
  t.ok(fake.requests.some((request) => request.path === '/v1/vendors'), 'the new token is checked against SMAPI');

  const text = login.io.text();
  t.notOk(text.includes(REFRESH_TOKEN), 'the refresh token is never printed');
  t.notOk(text.includes(LWA_CLIENT.secret), 'nor the client secret');
  t.match(text, /Signed in: SMAPI lists your vendor Me \(M1FAKEVENDOR\)/);
  const file = /gh secret set LWA_REFRESH_TOKEN --env production < '([^']+)'/.exec(text)?.[1] ?? '';
  t.equal(readFileSync(file, 'utf8'), REFRESH_TOKEN);
  t.equal(statSync(file).mode & 0o777, 0o600, 'readable only by the user');
  t.match(text, `gh secret set LWA_CLIENT_ID --env production --body '${LWA_CLIENT.id}'`);
  t.match(text, 'gh secret set LWA_CLIENT_SECRET --env production    # paste the client secret when asked');
  t.match(text, `rm '${file}'`);
});

t.test('a declined consent, a bad code and a browser that never comes back end with one line', async (t) => {
  const fake = await startFakeSmapi();
  t.teardown(() => fake.close());
  const env = { LWA_CLIENT_ID: LWA_CLIENT.id, LWA_CLIENT_SECRET: LWA_CLIENT.secret, LWA_TOKEN_URL: fake.env.LWA_TOKEN_URL, SMAPI_ENDPOINT: fake.url };

  const declined = await startLogin(env);
  const redirect = (await consentFrom(declined.io.lines)).searchParams.get('redirect_uri') ?? '';
  t.equal((await fetch(`${redirect}?error=access_denied&error_description=User%20denied`)).status, 400);
  t.equal(await declined.done, 1);
  t.match(declined.io.text(), /skill:login: Login with Amazon answered access_denied \(User denied\): allow access on the consent page/);

  const badCode = await startLogin(env);
  const consent = await consentFrom(badCode.io.lines);
  await fetch(`${consent.searchParams.get('redirect_uri') ?? ''}?code=stale&state=${consent.searchParams.get('state') ?? ''}`);
  t.equal(await badCode.done, 1);
  t.match(badCode.io.text(), /skill:login: Login with Amazon refused the consent code \(400 invalid_grant: The request has an invalid grant parameter : code\): run npm run skill:login again/);

  const late = await startLogin(env, ['--port', '0'], 50);
  t.equal(await late.done, 1);
  t.match(late.io.text(), /no answer from the browser within 0 s: run npm run skill:login again/);
});

t.test('skill:login refuses CI, wants the client credentials, and reports a busy port', async (t) => {
  const ci = await startLogin({ GITHUB_ACTIONS: 'true', LWA_CLIENT_ID: 'x', LWA_CLIENT_SECRET: 'y' });
  t.equal(await ci.done, 1);
  t.match(ci.io.text(), /skill:login is for your computer/);

  const missing = await startLogin({});
  t.equal(await missing.done, 1);
  t.match(missing.io.text(), /set LWA_CLIENT_ID and LWA_CLIENT_SECRET from your Security Profile/);

  const fake = await startFakeSmapi();
  t.teardown(() => fake.close());
  const port = new URL(fake.url).port;
  const busy = await startLogin({ LWA_CLIENT_ID: 'x', LWA_CLIENT_SECRET: 'y' }, ['--port', port]);
  t.equal(await busy.done, 1);
  t.match(busy.io.text(), `port ${port} is in use: pass --port with another one`);

  const badPort = await startLogin({}, ['--port', 'http']);
  t.equal(await badPort.done, 1);
  t.match(badPort.io.text(), /--port http is not a port number; usage:/);

  const help = await startLogin({}, ['--help']);
  t.equal(await help.done, 0);
  t.match(help.io.text(), /usage: LWA_CLIENT_ID=/);
  t.match(consentUrl('https://www.amazon.com/ap/oa', 'id', 'http://127.0.0.1:9090/cb', 's'), 'redirect_uri=http%3A%2F%2F127.0.0.1%3A9090%2Fcb');
});
