/**
 * Tests for scripts/skill/skill-credentials.ts, lwa.ts's consent helpers and refresh-token-store.ts:
 * the browser consent of the Skills workflow against a loopback Login with Amazon written from
 * Amazon's docs (test/fixtures/fake-lwa.ts) and the loopback fake Parameter Store.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { accessTokenFromRefreshToken, consentCodeFrom, workflowConsentUrl, workflowRedirectUri } from '../../../scripts/skill/lwa.js';
import { consentInput, resolveSkillCredentials, type CredentialsInput } from '../../../scripts/skill/skill-credentials.js';
import { ScriptError } from '../../../scripts/shared/errors.js';
import { createRecordingIo } from '../../../scripts/shared/io.js';
import { createFakeAws } from '../../fixtures/fake-aws.js';
import { startFakeAwsServer } from '../../fixtures/fake-aws-server.js';
import { CODE_LIFETIME_MS, startFakeLwa } from '../../fixtures/fake-lwa.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';

const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
const CLIENT_SECRET = 'amzn1.oa2-cs.v1.fake-client-secret-0123456789abcdef';
const ACCESS_TOKEN = 'Atza|fake-access-token-for-consent-tests';
const REPOSITORY = 'octo-user/ha-alexa';
const RETURN_URL = `https://github.com/${REPOSITORY}/actions/workflows/skill.yml`;
const PREFIX = '/lambda-execution-engine';
const PARAMETER = `${PREFIX}/skills/lwa_refresh_token`;

const lwa = await startFakeLwa({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, allowedReturnUrls: ['http://127.0.0.1:9090/cb', RETURN_URL], accessToken: ACCESS_TOKEN });
const aws = createFakeAws();
const awsServer = await startFakeAwsServer(aws);
t.teardown(async () => {
  await lwa.close();
  await awsServer.close();
});
const ssm = new SSMClient({ region: 'us-east-1', endpoint: awsServer.url, credentials: { accessKeyId: 'AKIAFAKE', secretAccessKey: 'fake' }, maxAttempts: 1 });

function resolve(overrides: Partial<CredentialsInput> & { env?: NodeJS.ProcessEnv } = {}) {
  const io = createRecordingIo();
  const env: NodeJS.ProcessEnv = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: REPOSITORY, LWA_TOKEN_URL: lwa.tokenUrl, LWA_CLIENT_SECRET: CLIENT_SECRET, ...overrides.env };
  const deploy = { file: 'config/deploy.yaml', lwaClientId: CLIENT_ID, parameterPrefix: PREFIX };
  const result = resolveSkillCredentials({ io, deploy, code: undefined, ssm, ...overrides, env });
  /** What the log shows: GitHub hides `::add-mask::` lines themselves. */
  const shown = () => io.lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
  return { io, result, shown };
}

t.test('the consent link asks for the two SMAPI scopes and returns to the Skills workflow page', async (t) => {
  const link = new URL(workflowConsentUrl(CLIENT_ID, workflowRedirectUri('https://github.com/', REPOSITORY)));
  t.equal(`${link.origin}${link.pathname}`, 'https://www.amazon.com/ap/oa');
  t.same(Object.fromEntries(link.searchParams), { client_id: CLIENT_ID, scope: 'alexa::ask:skills:readwrite alexa::ask:models:readwrite', response_type: 'code', redirect_uri: RETURN_URL });
});

t.test('the consent input: the whole landing address or the code alone; LWA\'s error and anything else are one clear line', async (t) => {
  t.equal(consentCodeFrom(` ${RETURN_URL}?code=ANabcDEF123&scope=alexa%3A%3Aask%3Askills%3Areadwrite `), 'ANabcDEF123');
  t.equal(consentCodeFrom('ANabcDEF123'), 'ANabcDEF123');
  t.throws(() => consentCodeFrom(`${RETURN_URL}?error=access_denied&error_description=The+user+denied`), new ScriptError("the consent address carries Login with Amazon's error access_denied (The user denied): open the consent link again and choose Allow"));
  t.throws(() => consentCodeFrom(RETURN_URL + '?scope=x'), /an address without \?code=: paste the whole address/);
  t.throws(() => consentCodeFrom('my code is ANabc'), /neither the address the browser landed on nor a code/);
  const dir = t.testdir({ 'event.json': JSON.stringify({ inputs: { consent: ' ANabc ' } }) });
  t.equal(consentInput({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: `${dir}/event.json` }, (path) => readFileSync(path, 'utf8')), 'ANabc');
});

t.test('a consent code is exchanged once, stored as a SecureString, and never printed', async (t) => {
  const landing = lwa.allow(workflowConsentUrl(CLIENT_ID, RETURN_URL));
  const code = new URL(landing).searchParams.get('code') ?? '';
  const { io, result, shown } = resolve({ code });
  const ready = await result;
  t.equal(ready.kind, 'ready');
  const stored = aws.ssm.store.get(PARAMETER);
  t.equal(stored?.Type, 'SecureString');
  t.ok(stored?.Value && lwa.refreshTokens.has(stored.Value), 'the refresh token LWA issued');
  t.match(ready, { kind: 'ready', credentials: { clientId: CLIENT_ID, refreshToken: stored?.Value, source: /the consent just given/ } });
  t.match(shown(), `Stored the refresh token as a SecureString at ${PARAMETER}`);
  t.ok(io.lines.indexOf(`::add-mask::${stored?.Value ?? ''}`) >= 0, 'the refresh token is masked');
  t.ok(io.lines.indexOf(`::add-mask::${stored?.Value ?? ''}`) < io.lines.findIndex((line) => line.startsWith('Stored')), 'before the line naming where it went');
  assertNoSecretPart(t, shown(), [code, stored?.Value ?? '', CLIENT_SECRET], 'the log');

  // A second run: no secret token, so the stored one.
  const next = await resolve().result;
  t.match(next, { kind: 'ready', credentials: { refreshToken: stored?.Value, source: `the refresh token stored at ${PARAMETER}` } });
  // Revoked at Amazon: the refusal names the stored token and gives the consent link again.
  lwa.refreshTokens.delete(stored?.Value ?? '');
  const revoked = next.kind === 'ready' ? next.credentials : undefined;
  await t.rejects(
    accessTokenFromRefreshToken({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tokenUrl: lwa.tokenUrl }, revoked?.refreshToken ?? '', revoked?.origin),
    new RegExp(`^Login with Amazon refused the refresh token stored at ${PARAMETER} \\(400 invalid_grant[^)]*\\): it has expired, was revoked or belongs to another Security Profile; give the consent again: open https://www\\.amazon\\.com/ap/oa\\?client_id=`),
  );
  // The LWA_REFRESH_TOKEN secret wins over it, and the log says so.
  const secret = lwa.issueRefreshToken();
  t.match(await resolve({ env: { LWA_REFRESH_TOKEN: secret } }).result, { kind: 'ready', credentials: { refreshToken: secret, source: /the LWA_REFRESH_TOKEN secret \(it wins over a stored token/ } });
});

t.test('LWA refuses a used, a late or a misdirected code, and a wrong client secret: one line, no secret, nothing stored', async (t) => {
  aws.ssm.store.delete(PARAMETER);
  const landing = lwa.allow(workflowConsentUrl(CLIENT_ID, RETURN_URL));
  const code = new URL(landing).searchParams.get('code') ?? '';
  t.equal((await resolve({ code }).result).kind, 'ready');
  aws.ssm.store.delete(PARAMETER);
  const reused = resolve({ code });
  await t.rejects(reused.result, /Login with Amazon refused the consent code \(400 invalid_grant: The request has an invalid grant parameter : code\): a code works once and only for 5 minutes after Allow; open the consent link again/);

  const late = new URL(lwa.allow(workflowConsentUrl(CLIENT_ID, RETURN_URL))).searchParams.get('code') ?? '';
  lwa.advance(CODE_LIFETIME_MS + 1000);
  await t.rejects(resolve({ code: late }).result, /400 invalid_grant[^\n]*: a code works once and only for 5 minutes after Allow/);

  // The code was issued for the local skill:login return URL, the run sends the workflow's.
  const local = new URL(lwa.allow(workflowConsentUrl(CLIENT_ID, 'http://127.0.0.1:9090/cb'))).searchParams.get('code') ?? '';
  await t.rejects(resolve({ code: local }).result, /Invalid redirect_uri[^\n]*\): the return URL must be the one the consent link used, and allowed in the security profile's Web Settings/);

  const fresh = new URL(lwa.allow(workflowConsentUrl(CLIENT_ID, RETURN_URL))).searchParams.get('code') ?? '';
  const wrong = resolve({ code: fresh, env: { LWA_CLIENT_SECRET: 'amzn1.oa2-cs.v1.not-the-secret' } });
  const error = await wrong.result.then(() => undefined, (err: unknown) => err);
  t.match(error, { message: /Login with Amazon refused LWA_CLIENT_ID \/ LWA_CLIENT_SECRET \(401 invalid_client: Client authentication failed\): copy both from your Security Profile/ });
  assertNoSecretPart(t, String((error as Error).message), ['amzn1.oa2-cs.v1.not-the-secret', fresh], 'the message');
  t.notOk(aws.ssm.store.has(PARAMETER), 'nothing stored');
  t.throws(() => lwa.allow(workflowConsentUrl(CLIENT_ID, 'https://github.com/someone-else/repo/actions/workflows/skill.yml')), /not an Allowed Return URL/, 'the consent page itself refuses a return URL the profile does not allow');
});

t.test('without a refresh token the run asks for the consent, naming what is missing', async (t) => {
  aws.ssm.store.delete(PARAMETER);
  const needed = await resolve().result;
  t.equal(needed.kind, 'consent-needed');
  const markdown = needed.kind === 'consent-needed' ? needed.consent.markdown : '';
  const link = /```text\n(.+)\n```/.exec(markdown)?.[1] ?? '';
  t.equal(link, workflowConsentUrl(CLIENT_ID, RETURN_URL), 'the exact link, in a block the user can copy');
  t.match(markdown, /choose \*\*Run workflow\*\* and paste it into \*\*consent\*\* within 5 minutes: a code works once/);
  t.match(markdown, 'must allow the return URL `' + RETURN_URL + '`');
  t.notMatch(markdown, /LWA_CLIENT_SECRET/, 'nothing else missing');

  const bare = await resolve({ env: { LWA_CLIENT_SECRET: '' }, deploy: { file: 'config/deploy.yaml', parameterPrefix: PREFIX } }).result;
  const steps = bare.kind === 'consent-needed' ? bare.consent : undefined;
  t.match(steps?.markdown, /1\. Set lwa_client_id in config\/deploy\.yaml \(or the LWA_CLIENT_ID secret\)\.\n2\. Set the LWA_CLIENT_SECRET secret of the production environment\./);
  t.notMatch(steps?.markdown, /amazon\.com\/ap\/oa/, 'no link without a client ID');
  await t.rejects(resolve({ code: 'ANabc', env: { LWA_CLIENT_SECRET: '' } }).result, /the LWA_CLIENT_SECRET secret of the production environment not set: the skills need your Login with Amazon security profile/);
});
