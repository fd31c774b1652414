/**
 * Job summaries of public repositories are public: they give counts, never the devices or the Home
 * Assistant address. With REPOSITORY_PRIVATE=true (the workflow passes
 * github.event.repository.private) the details follow in a collapsed block.
 */
import t from 'tap';
import { createFakeAws, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { createRun } from '../helpers/recorder.js';
import { deployFixture, FAST, syncFixture, syncRun, TOKEN } from '../helpers/deploy-run.js';
import { createMain as createDiscoveryMain } from '../../../scripts/deploy/invoke-discovery.js';
import { runCli } from '../../../scripts/shared/cli.js';

useFakeAwsEnv();
const HOST = 'ha.deploy-safety.test';
const DEVICES = [/Kitchen Light/, /light#kitchen/, /Coffee Maker/];

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

/** Sync, deploy and the Discovery test in `env`: what each wrote to its job summary and to its log. */
async function runAll(env: NodeJS.ProcessEnv): Promise<{ summaries: Record<string, string>; logs: { sync: string; deploy: string; discovery: string } }> {
  const sync = syncRun(env);
  t.equal(await sync.code, 0);
  const deploy = deployFixture(env);
  t.equal(await deploy.code, 0, deploy.io.text());
  const discovery = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', ...env });
  t.equal(await runCli('invoke-discovery', createDiscoveryMain(FAST), [], discovery.env, discovery.io), 0);
  return {
    summaries: { sync: sync.summary(), deploy: deploy.summary(), discovery: discovery.summary() },
    logs: { sync: sync.io.text(), deploy: deploy.io.text(), discovery: discovery.io.text() },
  };
}

async function summaries(env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  return (await runAll(env)).summaries;
}

async function logs(env: NodeJS.ProcessEnv): Promise<{ sync: string; deploy: string; discovery: string }> {
  return (await runAll(env)).logs;
}

for (const [label, env] of [
  ['REPOSITORY_PRIVATE unset', {}],
  ['REPOSITORY_PRIVATE=false', { REPOSITORY_PRIVATE: 'false' }],
] as const) {
  t.test(`public repository (${label}): counts only, no device and no host`, async (t) => {
    const all = await summaries(env);
    for (const [step, markdown] of Object.entries(all)) {
      t.notMatch(markdown, HOST, `${step}: no Home Assistant host`);
      for (const device of DEVICES) t.notMatch(markdown, device, `${step}: no device`);
      t.notMatch(markdown, /Friday/, `${step}: no assistant name`);
    }
    t.match(all.deploy, /2 endpoints discovered/);
    t.match(all.discovery, /2 endpoints discovered/);
    t.match(all.sync, /Plan: 7 to create/);
    t.match(all.sync, /details only in private repositories/);
  });
}

t.test('private repository: the details, in a collapsed block', async (t) => {
  const all = await summaries({ REPOSITORY_PRIVATE: 'true' });
  t.match(all.sync, /<details>[\s\S]*ha\.deploy-safety\.test[\s\S]*<\/details>/);
  t.match(all.deploy, /<details>[\s\S]*\| Kitchen Light \| light#kitchen \| LIGHT \|[\s\S]*<\/details>/);
  t.match(all.discovery, /<details>[\s\S]*Coffee Maker[\s\S]*<\/details>/);
  for (const markdown of Object.values(all)) t.notMatch(markdown, TOKEN);
});

t.test('syncFixture is the plain sync the other deploy tests start from', async (t) => {
  t.equal(await syncFixture(), 0);
  t.ok(aws.ssm.store.size > 0);
});

t.test('a public repository\'s Actions logs are public too: they name no device and no Home Assistant host', async (t) => {
  const all = await logs({ GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'false' });
  for (const [step, text] of Object.entries(all)) for (const device of DEVICES) t.notMatch(text, device, `${step}: no device`);
  for (const [step, text] of Object.entries(all)) t.notMatch(text.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n'), HOST, `${step}: no Home Assistant host`);
  t.match(all.discovery, /Device names are left out of the log in a public repository/);
  t.match(all.discovery, /2 endpoints \(Alexa allows 300\)/);
  t.match(all.deploy, /state: ok\n/);
});

for (const [label, env] of [
  ['in a private repository', { GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'true' }],
  ['on your computer', {}],
] as const) {
  t.test(`${label} the logs list the devices`, async (t) => {
    const all = await logs(env);
    t.match(all.discovery, /Kitchen Light/);
    t.match(all.deploy, /state: ok, .+ \(light#\w+\) reports/);
  });
}

t.test('HA_URL with a trailing slash: the sync registers a mask for every form before it logs, and logs no value', async (t) => {
  const secretUrl = 'https://ha.secret-home.test:8443/';
  const sync = syncRun({ GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'false', HA_URL: secretUrl });
  t.equal(await sync.code, 0, sync.io.text());
  const masks = sync.io.lines.filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice('::add-mask::'.length));
  // GitHub masks the secret only as stored (with the slash); the plan would print it without.
  for (const form of [secretUrl, 'https://ha.secret-home.test:8443', 'ha.secret-home.test', 'ha.secret-home.test:8443']) t.ok(masks.includes(form), `mask for ${form}`);
  t.ok(sync.io.lines.findIndex((line) => line.startsWith('::add-mask::')) < sync.io.lines.findIndex((line) => line.startsWith('Plan for')), 'masks before the plan');
  const log = sync.io.lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
  t.notMatch(log, /secret-home/);
  t.match(log, /homeassistant\/url\s+String\s+<secret, 32 chars>/, 'the URL from the secret by its length, as before');
  t.match(log, /alexa\/filter\s+String\s+<value hidden in a public repository>/);
});

t.test('in a private repository the sync masks nothing and logs the values as before', async (t) => {
  const sync = syncRun({ GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'true' });
  t.equal(await sync.code, 0);
  t.notMatch(sync.io.text(), /::add-mask::/);
  t.match(sync.io.text(), /homeassistant\/url\s+String\s+"?https:\/\/ha\.deploy-safety\.test/);
});
