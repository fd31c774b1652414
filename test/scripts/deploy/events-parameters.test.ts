/**
 * The Alexa events secrets on their way to Parameter Store (scripts/deploy/desired-parameters.ts,
 * sync-parameters.ts) and what no pruning may touch: the Lambda's Alexa grant (written at AcceptGrant)
 * and the Skills workflow's SMAPI refresh token (prune-settings.ts, sync-parameters --prune).
 */
import t from 'tap';
import { createFakeAws, FAKE_REGION, useFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { makeConfigDir } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';
import { createMain } from '../../../scripts/deploy/sync-parameters.js';
import { pruneSettingsSets } from '../../../scripts/deploy/prune-settings.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createLambdaClient, createSsmClient } from '../../../scripts/aws/aws-clients.js';
import { createRecordingIo } from '../../../scripts/shared/io.js';

useFakeAwsEnv();
const PREFIX = '/lambda-execution-engine';
const SECRETS = {
  HA_TOKEN: 'eyJhbGciOiJIUzI1NiJ9.fake-long-lived-token-value-0123456789',
  HA_EVENTS_SECRET: 'ingest-secret-Zq3xT0vB9yK2mW7pL5sD1fG8hJ4nR6cV',
  ALEXA_EVENTS_CLIENT_ID: 'amzn1.application-oa2-client.0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  ALEXA_EVENTS_CLIENT_SECRET: 'amzn1.oa2-cs.v1.5d4c3b2a19080706f5e4d3c2b1a09f8e7d6c5b4a',
};
const GRANT = `${PREFIX}/alexa/events/grant`;
const SMAPI_TOKEN = `${PREFIX}/skills/lwa_refresh_token`;
const main = createMain({ retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

const sync = (argv: string[], env: NodeJS.ProcessEnv) => {
  const recorder = createRun(env);
  return { ...recorder, code: runCli('sync-parameters', main, ['--config-dir', makeConfigDir(), ...argv], recorder.env, recorder.io) };
};
const setOf = (name: string) => /^(.*\/settings\/[0-9a-f]{16})\//.exec(name)?.[1];

t.test('the three events secrets join the settings set as SecureStrings, and no value reaches the log or summary', async (t) => {
  // Act
  const { code, io, summary } = sync([], { ...SECRETS, REPOSITORY_PRIVATE: 'true' });
  // Assess
  t.equal(await code, 0, io.text());
  const set = [...aws.ssm.store.keys()].map(setOf).find(Boolean) ?? '';
  t.same(aws.ssm.store.get(`${set}/alexa/events/ingest_secret`), { Value: SECRETS.HA_EVENTS_SECRET, Type: 'SecureString', Version: 1 });
  t.same(aws.ssm.store.get(`${set}/alexa/events/client_id`), { Value: SECRETS.ALEXA_EVENTS_CLIENT_ID, Type: 'SecureString', Version: 1 });
  t.same(aws.ssm.store.get(`${set}/alexa/events/client_secret`), { Value: SECRETS.ALEXA_EVENTS_CLIENT_SECRET, Type: 'SecureString', Version: 1 });
  t.match(io.text(), new RegExp(`\\+ create\\s+${set}/alexa/events/ingest_secret\\s+SecureString\\s+<secret, \\d+ chars>`));
  for (const value of Object.values(SECRETS)) {
    t.notOk(io.text().includes(value) || summary().includes(value), 'no secret in the log or the summary');
  }
});

t.test('without the events secrets the set is the one it was: turning events on is what adds them', async (t) => {
  const first = sync([], { HA_TOKEN: SECRETS.HA_TOKEN });
  t.equal(await first.code, 0, first.io.text());
  const before = [...aws.ssm.store.keys()].map(setOf).find(Boolean);
  t.notOk([...aws.ssm.store.keys()].some((name) => name.includes('/alexa/events/')), 'no events parameter without its secret');
  const second = sync([], { HA_TOKEN: SECRETS.HA_TOKEN, HA_EVENTS_SECRET: SECRETS.HA_EVENTS_SECRET });
  t.equal(await second.code, 0, second.io.text());
  const sets = new Set([...aws.ssm.store.keys()].map(setOf).filter(Boolean));
  t.equal(sets.size, 2, 'a new secret makes a new set, which goes live with the version that passed its smoke test');
  t.ok(sets.has(before));
});

t.test('sync-parameters --prune keeps the Alexa grant and the SMAPI refresh token, naming why', async (t) => {
  // Prepare: the function's grant, the Skills workflow's token, and a stray
  aws.ssm.put(GRANT, '{"v":1,"refresh_token":"Atzr|grant-refresh-token-value","region":"eu-west-1"}', 'SecureString');
  aws.ssm.put(SMAPI_TOKEN, 'Atzr|smapi-refresh-token-value', 'SecureString');
  aws.ssm.put(`${PREFIX}/alexa/events/stray`, 'x');
  // Act
  const { code, io } = sync(['--prune'], { ...SECRETS });
  // Assess
  t.equal(await code, 0, io.text());
  t.match(io.text(), new RegExp(`= keep\\s+${GRANT}\\s+SecureString\\s+<secret, \\d+ chars>, kept: the Alexa grant the function keeps`));
  t.match(io.text(), new RegExp(`= keep\\s+${SMAPI_TOKEN}\\s+SecureString\\s+<secret, \\d+ chars>, kept: the Skills workflow's Login with Amazon refresh token`));
  t.ok(aws.ssm.store.has(GRANT) && aws.ssm.store.has(SMAPI_TOKEN));
  t.notOk(aws.ssm.store.has(`${PREFIX}/alexa/events/stray`), '--prune still deletes what nobody owns');
  t.notOk(aws.ssm.calls.some((call) => call.op === 'PutParameter' && [GRANT, SMAPI_TOKEN].includes(String((call.input as { Name?: string }).Name))), 'never rewritten');
  t.notMatch(io.text(), /Atzr\|/, 'no refresh token in the log');
});

t.test('pruning old settings sets after a deploy leaves the grant and the SMAPI token alone', async (t) => {
  // Prepare: a set no version reads, the set just deployed, the grant and the SMAPI token
  aws.ssm.put(`${PREFIX}/settings/00000000000000aa/homeassistant/url`, 'https://old.test-home.net');
  aws.ssm.put(`${PREFIX}/settings/00000000000000bb/homeassistant/url`, 'https://new.test-home.net');
  aws.ssm.put(GRANT, '{"v":1}', 'SecureString');
  aws.ssm.put(SMAPI_TOKEN, 'Atzr|smapi', 'SecureString');
  const context = { lambda: createLambdaClient(FAKE_REGION), ssm: createSsmClient(FAKE_REGION), io: createRecordingIo(), retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } };
  // Act
  const report = await pruneSettingsSets(context, { functionName: 'ha-alexa', prefix: PREFIX, currentSet: '00000000000000bb' });
  // Assess
  t.same(report.deletedSets, ['00000000000000aa']);
  t.ok(aws.ssm.store.has(GRANT), 'the grant stays');
  t.ok(aws.ssm.store.has(SMAPI_TOKEN), 'the SMAPI refresh token stays');
});
