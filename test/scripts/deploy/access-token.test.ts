/**
 * A Cloudflare Access service token goes the way of the Home Assistant token: the Client ID from
 * config/parameters.yaml, the secret from the HA_CF_ACCESS_CLIENT_SECRET GitHub secret, both into
 * the version's settings set, the secret as a SecureString that no plan or log shows; one without
 * the other is refused, naming what to set.
 */
import t from 'tap';
import { useFakeAws, useFakeAwsEnv, createFakeAws, type FakeAws } from '../../fixtures/fake-aws.js';
import { fixtureText, makeConfigDir } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';
import { createMain } from '../../../scripts/deploy/sync-parameters.js';
import { configEnvironment } from '../../../scripts/local/config-environment.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';

useFakeAwsEnv();
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.fake-long-lived-token-for-access-0123';
const CLIENT_ID = '88bf3b6d86161464f6509f7219099e57.access';
const SECRET = 'cf-access-client-secret-0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const main = createMain({ retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

const withClientId = (): string => fixtureText('parameters.yaml').replace(/^homeassistant:\n/m, `homeassistant:\n  cf_access_client_id: ${CLIENT_ID}\n`);

async function sync(parameters: string | undefined, env: NodeJS.ProcessEnv) {
  const recorder = createRun({ HA_TOKEN: TOKEN, ...env });
  const dir = makeConfigDir(parameters === undefined ? {} : { 'parameters.yaml': parameters });
  const code = await runCli('sync-parameters', main, ['--config-dir', dir], recorder.env, recorder.io);
  return { code, text: recorder.io.text(), summary: recorder.summary() };
}

t.test('the Client ID and the secret go into the settings set; the secret is a SecureString never shown', async (t) => {
  const { code, text, summary } = await sync(withClientId(), { HA_CF_ACCESS_CLIENT_SECRET: SECRET, REPOSITORY_PRIVATE: 'true' });
  t.equal(code, 0, text);
  const names = [...aws.ssm.store.keys()];
  const id = names.find((name) => /\/settings\/[0-9a-f]{16}\/homeassistant\/cf_access_client_id$/.test(name));
  const secret = names.find((name) => /\/settings\/[0-9a-f]{16}\/homeassistant\/cf_access_client_secret$/.test(name));
  t.match(aws.ssm.store.get(id ?? ''), { Value: CLIENT_ID, Type: 'String' });
  t.match(aws.ssm.store.get(secret ?? ''), { Value: SECRET, Type: 'SecureString' });
  t.match(text, /cf_access_client_secret\s+SecureString\s+<secret, \d+ chars>/);
  assertNoSecretPart(t, `${text}\n${summary}`, [SECRET], 'the log and the summary of a private repository');
});

t.test('a Client ID whose secret is nowhere is refused before anything is written, naming the secret to set', async (t) => {
  const { code, text } = await sync(withClientId(), {});
  t.equal(code, 1);
  t.match(text, /homeassistant\.cf_access_client_id is set but HA_CF_ACCESS_CLIENT_SECRET is not.*gh secret set HA_CF_ACCESS_CLIENT_SECRET --env production/);
  t.notOk([...aws.ssm.store.keys()].some((name) => name.includes('/settings/')), 'no settings set written');
});

t.test('the secret without a Client ID is refused, naming the config/ key', async (t) => {
  const { code, text } = await sync(undefined, { HA_CF_ACCESS_CLIENT_SECRET: SECRET });
  t.equal(code, 1);
  t.match(text, /parameters\.yaml homeassistant\.cf_access_client_id: is required when the HA_CF_ACCESS_CLIENT_SECRET secret is set/);
  assertNoSecretPart(t, text, [SECRET], 'the error');
});

t.test('the secret in config/ is refused, pointing at the GitHub secret', async (t) => {
  const { code, text } = await sync(withClientId().replace(/^homeassistant:\n/m, 'homeassistant:\n  cf_access_client_secret: pasted-here\n'), { HA_CF_ACCESS_CLIENT_SECRET: SECRET });
  t.equal(code, 1);
  t.match(text, /cf_access_client_secret.*never lives in config\/: set the HA_CF_ACCESS_CLIENT_SECRET secret/);
});

t.test('local runs (npm run invoke -- --config, the build job\'s smoke test) leave the service token to the caller', async (t) => {
  const { env } = configEnvironment(makeConfigDir({ 'parameters.yaml': withClientId() }), 'http://127.0.0.1:8123');
  t.equal(env.HA_CF_ACCESS_CLIENT_ID, undefined, 'no ID without its secret, which would fail the settings check');
  t.equal(env.HA_TIMEOUT, '6', 'the other settings still apply');
});
