/**
 * Tests for scripts/skill/skill-login.ts (npm run skill:login): the browser consent is driven on
 * loopback (the test plays the browser), the code is exchanged with a fake Login with Amazon, and
 * the refresh token ends up in a private file, never in the output.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../../scripts/shared/cli.js';
import { createMain } from '../../../scripts/skill/skill-login.js';
import { consentUrl, SMAPI_SCOPES } from '../../../scripts/skill/lwa.js';
import { CONSENT_CODE, LWA_CLIENT, REFRESH_TOKEN, startFakeSmapi } from '../../fixtures/fake-smapi.js';
import { createRun } from '../helpers/recorder.js';
import { setTimeout as sleep } from 'node:timers/promises';

async function startLogin(env: NodeJS.ProcessEnv, argv: string[] = ['--port', '0'], waitMs = 10_000) {
  const recorder = createRun();
  for (const key of ['CI', 'GH_PATH', 'LWA_CLIENT_ID', 'LWA_CLIENT_SECRET', 'LWA_TOKEN_URL', 'LWA_AUTHORIZE_URL', 'SMAPI_ENDPOINT']) delete recorder.env[key];
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

/** A fake `gh` that records argv and stdin as JSON lines; FAKE_GH_AUTH / FAKE_GH_SECRET / FAKE_GH_WORKFLOW set exit codes. */
function fakeGh() {
  const dir = mkdtempSync(join(tmpdir(), 'fake-gh-'));
  const path = join(dir, 'gh');
  const log = join(dir, 'calls.jsonl');
  writeFileSync(
    path,
    `#!${process.execPath}
const { appendFileSync, readFileSync } = require('node:fs');
const args = process.argv.slice(2);
const stdin = args[0] === 'secret' ? readFileSync(0, 'utf8') : '';
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args, stdin }) + '\\n');
if (args[0] === 'auth') process.exit(Number(process.env.FAKE_GH_AUTH ?? 0));
if (args[0] === 'secret' && process.env.FAKE_GH_SECRET === '1') {
  process.stderr.write('failed to set secret: HTTP 422 value ' + stdin + ' rejected\\nsecond line\\n');
  process.exit(1);
}
process.exit(args[0] === 'workflow' ? Number(process.env.FAKE_GH_WORKFLOW ?? 0) : 0);
`,
  );
  chmodSync(path, 0o755);
  return {
    path,
    calls: (): { args: string[]; stdin: string }[] =>
      existsSync(log)
        ? readFileSync(log, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as { args: string[]; stdin: string })
        : [],
  };
}

/** Plays the browser: answers the consent with the fake's code. */
async function consent(lines: string[]): Promise<void> {
  const url = await consentFrom(lines);
  await fetch(`${url.searchParams.get('redirect_uri') ?? ''}?code=${CONSENT_CODE}&state=${url.searchParams.get('state') ?? ''}`);
}

t.test('consent on loopback: the code becomes a refresh token in a private file, and the gh commands read it from there', async (t) => {
  const fake = await startFakeSmapi();
  t.teardown(() => fake.close());
  const gh = fakeGh();
  const login = await startLogin({ LWA_CLIENT_ID: LWA_CLIENT.id, LWA_CLIENT_SECRET: LWA_CLIENT.secret, LWA_TOKEN_URL: fake.env.LWA_TOKEN_URL, SMAPI_ENDPOINT: fake.url, LWA_AUTHORIZE_URL: 'https://www.amazon.com/ap/oa', GH_PATH: gh.path, FAKE_GH_AUTH: '1' });
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
  t.match(text, 'gh is not logged in (gh auth login): run these yourself.');
  t.same(
    gh.calls().map((call) => call.args),
    [['auth', 'status']],
    'nothing is stored when gh is not logged in',
  );
});

t.test('with gh logged in, skill:login stores the three secrets from stdin, starts the Skills workflow and deletes the token file', async (t) => {
  const fake = await startFakeSmapi();
  t.teardown(() => fake.close());
  const gh = fakeGh();
  const out = join(mkdtempSync(join(tmpdir(), 'skill-login-out-')), 'token');
  const login = await startLogin(
    { LWA_CLIENT_ID: LWA_CLIENT.id, LWA_CLIENT_SECRET: LWA_CLIENT.secret, LWA_TOKEN_URL: fake.env.LWA_TOKEN_URL, SMAPI_ENDPOINT: fake.url, GH_PATH: gh.path },
    ['--port', '0', '--out', out, '--repo', 'me/ha-alexa'],
  );
  await consent(login.io.lines);
  t.equal(await login.done, 0, login.io.text());
  t.same(gh.calls(), [
    { args: ['auth', 'status'], stdin: '' },
    { args: ['secret', 'set', 'LWA_CLIENT_ID', '--env', 'production', '--repo', 'me/ha-alexa'], stdin: LWA_CLIENT.id },
    { args: ['secret', 'set', 'LWA_CLIENT_SECRET', '--env', 'production', '--repo', 'me/ha-alexa'], stdin: LWA_CLIENT.secret },
    { args: ['secret', 'set', 'LWA_REFRESH_TOKEN', '--env', 'production', '--repo', 'me/ha-alexa'], stdin: REFRESH_TOKEN },
    { args: ['workflow', 'run', 'skill.yml', '--repo', 'me/ha-alexa'], stdin: '' },
  ]);
  const text = login.io.text();
  t.notOk(text.includes(REFRESH_TOKEN), 'the refresh token is never printed');
  t.notOk(text.includes(LWA_CLIENT.secret), 'nor the client secret');
  t.match(text, 'Stored LWA_CLIENT_ID in the production environment.');
  t.match(text, 'Stored LWA_CLIENT_SECRET in the production environment.');
  t.match(text, 'Stored LWA_REFRESH_TOKEN in the production environment.');
  t.match(text, 'Started the Skills workflow: follow it with gh run watch --repo me/ha-alexa or in the Actions tab.');
  t.notMatch(text, 'gh secret set', 'no commands left for the user');
  t.notOk(existsSync(out), 'the refresh-token file is deleted once stored');
});

t.test('a failing gh secret set falls back to the printed commands with one scrubbed line, and the token file stays', async (t) => {
  const fake = await startFakeSmapi();
  t.teardown(() => fake.close());
  const gh = fakeGh();
  const login = await startLogin({ LWA_CLIENT_ID: LWA_CLIENT.id, LWA_CLIENT_SECRET: LWA_CLIENT.secret, LWA_TOKEN_URL: fake.env.LWA_TOKEN_URL, SMAPI_ENDPOINT: fake.url, GH_PATH: gh.path, FAKE_GH_SECRET: '1' });
  await consent(login.io.lines);
  t.equal(await login.done, 0, login.io.text());
  const text = login.io.text();
  t.match(text, `gh secret set LWA_CLIENT_ID failed (failed to set secret: HTTP 422 value *** rejected): run these yourself.`);
  t.notMatch(text, 'second line', 'gh stderr is cut to one line');
  t.notOk(text.includes(LWA_CLIENT.secret) || text.includes(REFRESH_TOKEN), 'no secret in the output');
  t.equal(gh.calls().filter((call) => call.args[0] === 'workflow').length, 0, 'the workflow is not started');
  const file = /gh secret set LWA_REFRESH_TOKEN --env production < '([^']+)'/.exec(text)?.[1] ?? '';
  t.equal(readFileSync(file, 'utf8'), REFRESH_TOKEN, 'the token file stays for the printed commands');
});

t.test('a failing gh workflow run says the secrets are stored and how to start the workflow by hand', async (t) => {
  const fake = await startFakeSmapi();
  t.teardown(() => fake.close());
  const gh = fakeGh();
  const login = await startLogin({ LWA_CLIENT_ID: LWA_CLIENT.id, LWA_CLIENT_SECRET: LWA_CLIENT.secret, LWA_TOKEN_URL: fake.env.LWA_TOKEN_URL, SMAPI_ENDPOINT: fake.url, GH_PATH: gh.path, FAKE_GH_WORKFLOW: '1' });
  await consent(login.io.lines);
  t.equal(await login.done, 0, login.io.text());
  const text = login.io.text();
  t.match(text, 'Stored LWA_REFRESH_TOKEN in the production environment.');
  t.match(text, 'gh workflow run skill.yml failed: the secrets are stored; start the Skills workflow yourself (Actions → Skills → Run workflow)');
  t.notOk(text.includes(LWA_CLIENT.secret) || text.includes(REFRESH_TOKEN), 'no secret in the output');
});

t.test('--print-only never calls gh, and a missing gh falls back with its reason', async (t) => {
  const fake = await startFakeSmapi();
  t.teardown(() => fake.close());
  const gh = fakeGh();
  const env = { LWA_CLIENT_ID: LWA_CLIENT.id, LWA_CLIENT_SECRET: LWA_CLIENT.secret, LWA_TOKEN_URL: fake.env.LWA_TOKEN_URL, SMAPI_ENDPOINT: fake.url };
  const printOnly = await startLogin({ ...env, GH_PATH: gh.path }, ['--port', '0', '--print-only']);
  await consent(printOnly.io.lines);
  t.equal(await printOnly.done, 0, printOnly.io.text());
  t.same(gh.calls(), [], 'gh is not called');
  t.match(printOnly.io.text(), '--print-only: run these yourself.');
  t.match(printOnly.io.text(), /gh secret set LWA_REFRESH_TOKEN --env production < '/);

  const missing = join(mkdtempSync(join(tmpdir(), 'no-gh-')), 'gh');
  const noGh = await startLogin({ ...env, GH_PATH: missing });
  await consent(noGh.io.lines);
  t.equal(await noGh.done, 0, noGh.io.text());
  t.match(noGh.io.text(), `gh is not installed (${missing}): run these yourself.`);
  t.match(noGh.io.text(), /gh secret set LWA_REFRESH_TOKEN --env production < '/);
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
  t.match(badCode.io.text(), /skill:login: Login with Amazon refused the consent code \(400 invalid_grant: The request has an invalid grant parameter : code\): a code works once and only for 5 minutes after Allow; open the consent link again and use the new address at once \(npm run skill:login/);

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

  const badRepo = await startLogin({}, ['--repo', 'not a repo']);
  t.equal(await badRepo.done, 1);
  t.match(badRepo.io.text(), /--repo not a repo is not OWNER\/REPO; usage:/);

  const badPort = await startLogin({}, ['--port', 'http']);
  t.equal(await badPort.done, 1);
  t.match(badPort.io.text(), /--port http is not a port number; usage:/);

  const help = await startLogin({}, ['--help']);
  t.equal(await help.done, 0);
  t.match(help.io.text(), /usage: LWA_CLIENT_ID=/);
  t.match(consentUrl('https://www.amazon.com/ap/oa', 'id', 'http://127.0.0.1:9090/cb', 's'), 'redirect_uri=http%3A%2F%2F127.0.0.1%3A9090%2Fcb');
});
