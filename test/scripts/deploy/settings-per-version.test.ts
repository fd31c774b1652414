/**
 * Config and code move together: sync-parameters writes the non-secret settings to a
 * content-addressed set, deploy-lambda publishes a version whose environment names that set, and
 * the live version keeps its settings while a new one is synced, smoke-tested and rejected.
 */
import t from 'tap';
import { createFakeAws, defaultInvoke, errorResponse, useFakeAwsEnv, type FakeAws, type FakeInvocation, useFakeAws } from '../../fixtures/fake-aws.js';
import { deployFixture, fixtureConfigDir as configDir, syncRun, TOKEN , versionConfig } from '../helpers/deploy-run.js';
import { createHash } from 'node:crypto';
import { buildDesiredParameters } from '../../../scripts/deploy/desired-parameters.js';
import { loadParametersConfig, loadSkillConfig } from '../../../scripts/config/config-files.js';
import { resetConfigCache } from '../../../src/config/index.js';

useFakeAwsEnv();
const PREFIX = '/lambda-execution-engine';
const GOOD_URL = 'https://ha.deploy-safety.test';

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
  aws.lambda.state.invoke = reachableOnlyAt(GOOD_URL);
  resetConfigCache();
});

/** The URL a version reads, with the same rule as src/config: its set, else the prefix. */
function urlOf(invocation: FakeInvocation, aws: FakeAws): string | undefined {
  const set = invocation.config.Environment.Variables.PARAMETER_SET;
  const name = set ? `${PREFIX}/settings/${set}/homeassistant/url` : `${PREFIX}/homeassistant/url`;
  return aws.ssm.store.get(name)?.Value;
}

/** A function whose discovery works only when the version's settings point at `url`. */
function reachableOnlyAt(url: string) {
  return (invocation: FakeInvocation) =>
    (invocation.event as { diagnostics?: string }).diagnostics === undefined && urlOf(invocation, aws) !== url
      ? { payload: errorResponse('BRIDGE_UNREACHABLE', 'Home Assistant did not answer') }
      : defaultInvoke(invocation);
}

const liveConfig = (qualifier = 'live') => versionConfig(aws, qualifier);

const sync = (dir: string) => syncRun({}, dir);
const deploy = (dir: string, zip: string) => deployFixture({}, [], zip, dir);

t.test('a bad URL synced for a new version never reaches the live version, which keeps its own settings', async (t) => {
  // Prepare: a good deploy
  const good = configDir();
  t.equal(await sync(good).code, 0);
  const first = deploy(good, 'zip-v2');
  t.equal(await first.code, 0, first.io.text());
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2');
  t.equal((await liveConfig())?.homeAssistantUrl, GOOD_URL);
  // Act: a typo in the URL is synced, then deployed
  const bad = configDir((text) => text.replace(GOOD_URL, 'https://ha.deploy-safety.tset'));
  const badSync = sync(bad);
  t.equal(await badSync.code, 0, badSync.io.text());
  // Assess: between the sync and the deploy, live still reads its own settings
  t.equal((await liveConfig())?.homeAssistantUrl, GOOD_URL, 'the sync alone changes nothing the live version reads');
  t.equal((await liveConfig())?.homeAssistantToken, TOKEN, 'and its token');
  const second = deploy(bad, 'zip-v3');
  t.equal(await second.code, 1);
  t.match(second.io.lines.at(-1), /smoke test failed on version 3: discovery: the function could not reach Home Assistant/);
  t.equal(aws.lambda.state.aliases.get('live')?.FunctionVersion, '2', 'the alias stays on the last good version');
  t.equal((await liveConfig())?.homeAssistantUrl, GOOD_URL, 'and that version still reads the good URL');
  t.equal((await liveConfig('3'))?.homeAssistantUrl, 'https://ha.deploy-safety.tset', 'the rejected version read the new URL');
  t.notOk(aws.ssm.store.has(`${PREFIX}/homeassistant/url`), 'nothing non-secret is written directly under the prefix');
});

t.test('a second sync of the same config/ writes nothing, and the set is named in the version\'s environment', async (t) => {
  const dir = configDir();
  t.equal(await sync(dir).code, 0);
  const again = sync(dir);
  t.equal(await again.code, 0);
  t.match(again.io.text(), /Nothing to change\./);
  t.equal(await deploy(dir, 'zip-v2').code, 0);
  const set = aws.lambda.state.versions.get('2')?.Environment.Variables.PARAMETER_SET ?? '';
  t.match(set, /^[0-9a-f]{16}$/);
  t.equal(aws.ssm.store.get(`${PREFIX}/settings/${set}/homeassistant/assistant_name`)?.Value, 'Friday');
  t.match(again.io.text(), new RegExp(`settings set ${set}`));
});

t.test('deploy-lambda refuses to publish a version whose settings were not synced, before changing anything', async (t) => {
  // Prepare: the synced set is for another URL
  t.equal(await sync(configDir()).code, 0);
  const unsynced = configDir((text) => text.replace(GOOD_URL, 'https://ha2.deploy-safety.test'));
  // Act
  const run = deploy(unsynced, 'zip-v2');
  // Assess
  t.equal(await run.code, 1);
  t.match(run.io.lines.at(-1), /the settings of config\/ are not in Parameter Store \(\/lambda-execution-engine\/settings\/[0-9a-f]{16}\): run npm run sync-parameters first/);
  t.same(aws.lambda.ops().filter((op) => !op.startsWith('Get')), [], 'no upload, no configuration change, no version');
});

t.test('a 4 KB ca_bundle and a large filter leave the version\'s environment far below Lambda\'s 4 KB', async (t) => {
  const pem = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(3900)}\n-----END CERTIFICATE-----`;
  const entities = Array.from({ length: 90 }, (_, i) => `light.room_number_${String(i).padStart(3, '0')}`);
  const dir = configDir(
    (text) =>
      text.replace('  timeout: 6', `  timeout: 6\n  ca_bundle: |\n${pem.split('\n').map((line) => `    ${line}`).join('\n')}`) +
      `    include_entities: [${entities.join(', ')}]\n`,
  );
  const synced = sync(dir);
  t.equal(await synced.code, 0, synced.io.text());
  t.equal(await deploy(dir, 'zip-v2').code, 0);
  const variables = aws.lambda.state.versions.get('2')?.Environment.Variables ?? {};
  const bytes = Object.entries(variables).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value), 0);
  t.ok(bytes < 512, `the environment is ${bytes} bytes`);
  t.ok(Buffer.byteLength(aws.ssm.store.get(`${PREFIX}/settings/${variables.PARAMETER_SET ?? ''}/homeassistant/ca_bundle`)?.Value ?? '') > 3900, 'the bundle is in the set');
});

/** The settings set ids in the fake Parameter Store. */
function setsInStore(): string[] {
  const ids = new Set<string>();
  for (const name of aws.ssm.store.keys()) if (name.startsWith(`${PREFIX}/settings/`)) ids.add(name.slice(`${PREFIX}/settings/`.length).split('/')[0] ?? '');
  return [...ids].sort();
}

t.test('after a deploy, the settings sets no version reads are deleted; every version keeps its own, and its token', async (t) => {
  const timeouts = ['6', '5', '4', '3'];
  const dirs = timeouts.map((timeout) => configDir((text) => text.replace('  timeout: 6', `  timeout: ${timeout}`)));
  // Versions 2 and 3 read sets A and B.
  for (const [i, dir] of dirs.slice(0, 2).entries()) {
    t.equal(await sync(dir).code, 0);
    const run = deploy(dir, `zip-v${i + 2}`);
    t.equal(await run.code, 0, run.io.text());
  }
  // Set C is synced but never deployed; a leftover set from a deleted version lies around too.
  t.equal(await sync(dirs[2]!).code, 0);
  aws.ssm.store.set(`${PREFIX}/settings/00000000deadbeef/homeassistant/url`, { Value: 'https://old.example', Type: 'String', Version: 1 });
  const before = setsInStore();
  t.equal(before.length, 4);
  // Version 4 reads set D.
  t.equal(await sync(dirs[3]!).code, 0);
  const last = deploy(dirs[3]!, 'zip-v4');
  t.equal(await last.code, 0, last.io.text());
  const read = ['2', '3', '4'].map((version) => aws.lambda.state.versions.get(version)?.Environment.Variables.PARAMETER_SET ?? '');
  t.same(setsInStore(), [...read].sort(), 'exactly the sets the published versions read are left');
  t.match(last.io.text(), /Deleted 2 settings sets no version reads \(\d+ parameters\); 3 sets kept\./);
  t.ok(read.every((set) => aws.ssm.store.get(`${PREFIX}/settings/${set}/homeassistant/token`)?.Value === TOKEN), 'each kept set keeps its token');
  t.equal((await liveConfig('2'))?.timeoutSeconds, 6, 'an old version still reads its settings, so a rollback to it works');
});

t.test('a prune that AWS refuses is a warning: the deploy has already succeeded', async (t) => {
  t.equal(await sync(configDir()).code, 0);
  aws.ssm.store.set(`${PREFIX}/settings/00000000deadbeef/homeassistant/url`, { Value: 'https://old.example', Type: 'String', Version: 1 });
  aws.ssm.fail('DeleteParameters', { code: 'AccessDeniedException', status: 400, message: 'not authorized to perform: ssm:DeleteParameters' });
  const run = deploy(configDir(), 'zip-v2');
  t.equal(await run.code, 0, run.io.text());
  t.match(run.io.text(), /warning: old settings sets were not deleted: .*ssm:DeleteParameters/);
  t.ok(aws.ssm.store.has(`${PREFIX}/settings/00000000deadbeef/homeassistant/url`));
});

t.test('the printed set ID is keyed: a guessed HA_URL cannot be confirmed from it offline, yet the same settings keep their ID', async (t) => {
  // Prepare: HA_URL is a secret; config/ is public, and so is the set ID in the Actions log
  const dir = configDir();
  const secretUrl = 'https://ha.private-home.test';
  const synced = syncRun({ HA_URL: secretUrl }, dir);
  t.equal(await synced.code, 0, synced.io.text());
  const published = /settings set ([0-9a-f]{16})/.exec(synced.io.text())?.[1] ?? '';
  // Act: the attacker hashes config/ with each guessed URL, as the ID used to be made (with or without the token)
  const guesses = ['https://ha.example.net', secretUrl, 'https://home.private-home.test'];
  const offline = guesses.flatMap((url) => {
    const desired = buildDesiredParameters({ prefix: PREFIX, parameters: loadParametersConfig(dir), skill: loadSkillConfig(dir), env: { HA_URL: url, HA_TOKEN: TOKEN } });
    const sets = [desired, desired.filter((parameter) => !parameter.name.endsWith('/homeassistant/token'))];
    return sets.map((parameters) => {
      const content = JSON.stringify(parameters.map((parameter) => [parameter.name.slice(PREFIX.length + 1), parameter.value]).sort());
      return createHash('sha256').update(content).digest('hex').slice(0, 16);
    });
  });
  // Assess
  t.match(published, /^[0-9a-f]{16}$/);
  t.notOk(offline.includes(published), 'no guess matches the published ID, the right one included');
  const again = syncRun({ HA_URL: secretUrl }, dir);
  t.equal(await again.code, 0);
  t.match(again.io.text(), new RegExp(`settings set ${published}`), 'the same settings keep their ID (no new version for an unchanged config)');
  t.match(again.io.text(), /Nothing to change\./);
});
