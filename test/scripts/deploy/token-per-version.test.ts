/**
 * The token moves with the version, like the other settings: sync-parameters writes HA_TOKEN into the
 * new settings set only, the smoke test runs on the token the new version stores, a rejected token
 * never reaches `live`, a rollback brings the previous token back, and pruning keeps every token a
 * version reads. The Lambda side is the real loader (src/config) on the fake Parameter Store.
 */
import t from 'tap';
import { createFakeAws, defaultInvoke, errorResponse, useFakeAwsEnv, type FakeAws, type FakeInvocation, useFakeAws } from '../../fixtures/fake-aws.js';
import { deployFixture, fixtureConfigDir, rollbackRun, syncRun , versionConfig } from '../helpers/deploy-run.js';
import { resolveToken } from '../../../src/gateway/token.js';
import { resetConfigCache } from '../../../src/config/index.js';

useFakeAwsEnv();
const PREFIX = '/lambda-execution-engine';
const GOOD = 'good-long-lived-token-0123456789abcdef';
const ROTATED = 'rotated-long-lived-token-0123456789abcdef';
const BAD = 'revoked-or-mistyped-token-0123456789';

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
  aws.lambda.state.invoke = acceptingOnly([GOOD, ROTATED]);
  resetConfigCache();
});

const configOf = (qualifier = 'live') => versionConfig(aws, qualifier);

/** A Home Assistant that accepts only `tokens`; the function picks its token as src/gateway does. */
function acceptingOnly(tokens: readonly string[]) {
  return async (invocation: FakeInvocation) => {
    const event = invocation.event as { diagnostics?: string; directive?: { payload?: { scope?: { token?: string } }; endpoint?: { scope?: { token?: string } } } };
    if (event.diagnostics !== undefined) return defaultInvoke(invocation);
    const config = await configOf(invocation.version);
    const sent = event.directive?.payload?.scope?.token ?? event.directive?.endpoint?.scope?.token;
    const used = config === undefined ? undefined : resolveToken(config, sent)?.token;
    return used !== undefined && tokens.includes(used) ? defaultInvoke(invocation) : { payload: errorResponse('INVALID_AUTHORIZATION_CREDENTIAL', 'Home Assistant answered 401') };
  };
}

async function syncAndDeploy(token: string, zip: string) {
  const dir = fixtureConfigDir();
  const sync = syncRun({ HA_TOKEN: token }, dir);
  if ((await sync.code) !== 0) return { code: 1, text: sync.io.text() };
  const deploy = deployFixture({ HA_TOKEN: token }, [], zip, dir);
  return { code: await deploy.code, text: deploy.io.text(), last: deploy.io.lines.at(-1) };
}

t.test('a bad HA_TOKEN fails its smoke test without changing the token live reads; a rollback restores the previous token', async (t) => {
  // Prepare: live is version 2, deployed with the good token
  const first = await syncAndDeploy(GOOD, 'zip-v2');
  t.equal(first.code, 0, first.text);
  t.equal((await configOf())?.homeAssistantToken, GOOD);
  // Act: a mistyped token is synced and deployed
  const bad = await syncAndDeploy(BAD, 'zip-v3');
  // Assess
  t.equal(bad.code, 1, 'the smoke test of version 3 fails: it runs on the token version 3 stores');
  t.match(bad.last, /smoke test failed on version 3/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2');
  t.equal((await configOf())?.homeAssistantToken, GOOD, 'live (the Custom skill, stored-token Discovery, the doctor) still reads the good token');
  t.notMatch(bad.text, BAD, 'the token is never printed');

  // Act: the token is rotated, deployed, then rolled back
  const rotated = await syncAndDeploy(ROTATED, 'zip-v4');
  t.equal(rotated.code, 0, rotated.text);
  t.equal((await configOf())?.homeAssistantToken, ROTATED);
  const back = rollbackRun();
  t.equal(await back.code, 0, back.io.text());
  // Assess
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2');
  t.equal((await configOf())?.homeAssistantToken, GOOD, 'the version rolled back to reads the token it was deployed with');
});

t.test('pruning keeps the token of every version, and deletes a token no version reads', async (t) => {
  t.equal((await syncAndDeploy(GOOD, 'zip-v2')).code, 0);
  aws.ssm.store.set(`${PREFIX}/settings/00000000deadbeef/homeassistant/token`, { Value: 'orphan-token', Type: 'SecureString', Version: 1 });
  t.equal((await syncAndDeploy(ROTATED, 'zip-v3')).code, 0);
  const tokens = [...aws.ssm.store].filter(([name]) => name.endsWith('/homeassistant/token')).map(([, p]) => p.Value).sort();
  t.same(tokens, [GOOD, ROTATED].sort(), 'versions 2 and 3 keep theirs; the orphan is gone');
  t.equal((await configOf('2'))?.homeAssistantToken, GOOD);
  t.equal((await configOf('3'))?.homeAssistantToken, ROTATED);
});

t.test('a function deployed before the token moved keeps reading the shared token, which the sync leaves alone', async (t) => {
  // Prepare: what an older deploy left: the shared token, and the function without PARAMETER_SET
  aws.ssm.store.set(`${PREFIX}/homeassistant/token`, { Value: GOOD, Type: 'SecureString', Version: 1 });
  aws.ssm.store.set(`${PREFIX}/homeassistant/url`, { Value: 'https://ha.deploy-safety.test', Type: 'String', Version: 1 });
  // Act: a sync with another token
  const sync = syncRun({ HA_TOKEN: BAD }, fixtureConfigDir());
  t.equal(await sync.code, 0, sync.io.text());
  // Assess
  t.equal(aws.ssm.store.get(`${PREFIX}/homeassistant/token`)?.Value, GOOD);
  t.equal((await configOf('$LATEST'))?.homeAssistantToken, GOOD);
});
