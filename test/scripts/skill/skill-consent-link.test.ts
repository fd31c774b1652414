/**
 * Tests for scripts/skill/skill-consent-link.ts: the consent link in the Deploy run's summary while
 * the skills have no refresh token, against the fake Parameter Store (test/fixtures/fake-aws.ts).
 */
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../scripts/skill/skill-consent-link.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createFakeAws, FAKE_ACCOUNT, FAKE_REGION, useFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { makeConfigDir } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';

useFakeAwsEnv();
let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

const CLIENT_ID = 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef';
const PREFIX = '/ha-alexa';

async function run(deployYaml: string, has: { LWA_CLIENT_ID?: boolean; LWA_CLIENT_SECRET?: boolean; LWA_REFRESH_TOKEN?: boolean } = {}) {
  const dir = makeConfigDir();
  writeFileSync(join(dir, 'deploy.yaml'), `region: ${FAKE_REGION}\naccount_id: "${FAKE_ACCOUNT}"\nparameter_prefix: ${PREFIX}\n${deployYaml}`);
  const recorder = createRun({
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-user/ha-alexa',
    HAS_LWA_CLIENT_ID: String(has.LWA_CLIENT_ID ?? false),
    HAS_LWA_CLIENT_SECRET: String(has.LWA_CLIENT_SECRET ?? false),
    HAS_LWA_REFRESH_TOKEN: String(has.LWA_REFRESH_TOKEN ?? false),
  });
  const code = await runCli('skill-consent-link', main, ['--config-dir', dir], recorder.env, recorder.io);
  return { code, text: recorder.io.text(), summary: recorder.summary() };
}

t.test('lwa_client_id and the secret set, no token stored: the Deploy summary has the consent link', async (t) => {
  const result = await run(`lwa_client_id: ${CLIENT_ID}\n`, { LWA_CLIENT_SECRET: true });
  t.equal(result.code, 0, result.text);
  const link = new URL(/```text\n(.+)\n```/.exec(result.summary)?.[1] ?? 'http://missing');
  t.equal(`${link.origin}${link.pathname}`, 'https://www.amazon.com/ap/oa');
  t.same(Object.fromEntries(link.searchParams), {
    client_id: CLIENT_ID,
    scope: 'alexa::ask:skills:readwrite alexa::ask:models:readwrite',
    response_type: 'code',
    redirect_uri: 'https://github.com/octo-user/ha-alexa/actions/workflows/skill.yml',
  });
  t.match(result.summary, /^1\. Open \[the consent link\]/m, 'nothing else to set first');
  t.match(result.text, /open the consent link in the job summary/);
  t.same(aws.ssm.calls.map((call) => call.op), ['GetParameter'], 'it only looked for the stored token');
});

t.test('the secret still missing: the summary says to set it first, then gives the link', async (t) => {
  const result = await run(`lwa_client_id: ${CLIENT_ID}\n`);
  t.equal(result.code, 0, result.text);
  t.match(result.summary, /1\. Set the LWA_CLIENT_SECRET secret of the production environment\.\n2\. Open \[the consent link\]\(https:\/\/www\.amazon\.com\/ap\/oa\?client_id=amzn1\.application-oa2-client\.0123456789abcdef0123456789abcdef&/);
});

t.test('no link once a refresh token exists (stored, or the LWA_REFRESH_TOKEN secret), nor when skills as code is off', async (t) => {
  aws.ssm.put(`${PREFIX}/skills/lwa_refresh_token`, 'Atzr|stored-token-value', 'SecureString');
  const stored = await run(`lwa_client_id: ${CLIENT_ID}\n`, { LWA_CLIENT_SECRET: true });
  t.equal(stored.code, 0);
  t.equal(stored.summary, '');
  t.match(stored.text, `A refresh token is stored at ${PREFIX}/skills/lwa_refresh_token: no consent needed.`);
  t.notMatch(stored.text, /stored-token-value/, 'its value is never printed');

  const secret = await run('', { LWA_CLIENT_ID: true, LWA_CLIENT_SECRET: true, LWA_REFRESH_TOKEN: true });
  t.equal(secret.summary, '');
  t.match(secret.text, /The LWA_REFRESH_TOKEN secret is set/);

  const off = await run('');
  t.equal(off.summary, '');
  t.match(off.text, /Skills as code is off/);
});

t.test('a malformed lwa_client_id is one line naming the key', async (t) => {
  const result = await run('lwa_client_id: amzn1.application-oa2-client.XYZ\n', { LWA_CLIENT_SECRET: true });
  t.equal(result.code, 1);
  t.match(result.text, /lwa_client_id: must be the Client ID of your Login with Amazon security profile: amzn1\.application-oa2-client\. and 32 hex digits/);
  t.equal(result.text.split('\n').length, 1);
});
