import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRun } from '../helpers/recorder.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createMain } from '../../../scripts/deploy/deploy-settings.js';

const main = createMain();
const FIXTURES = join('test', 'fixtures', 'config');

function run(config: string, argv: string[] = []) {
  const output = join(mkdtempSync(join(tmpdir(), 'ha-alexa-output-')), 'output');
  writeFileSync(output, '');
  const recorder = createRun({ GITHUB_OUTPUT: output, GITHUB_ACTIONS: 'true' });
  return { ...recorder, code: runCli('deploy-settings', main, ['--config-dir', config, ...argv], recorder.env, recorder.io), output: () => readFileSync(output, 'utf8') };
}

t.test('a configured fork: the workflow gets the region, the function and both derived role ARNs', async (t) => {
  const { code, io, output } = run(join(FIXTURES, 'deploy-eu'));
  t.equal(await code, 0, io.text());
  t.equal(
    output(),
    [
      'configured=true',
      'account_id=111122223333',
      'region=eu-west-1',
      'function_name=ha-alexa',
      'role_arn=arn:aws:iam::111122223333:role/ha-alexa-github-deploy',
      'discovery_role_arn=arn:aws:iam::111122223333:role/ha-alexa-github-discover',
      '',
    ].join('\n'),
  );
});

t.test('an unconfigured fork: configured=false and no roles, so the setup job runs instead', async (t) => {
  const { code, io, output } = run(join(FIXTURES, 'deploy-unconfigured'));
  t.equal(await code, 0);
  t.match(output(), /^configured=false\naccount_id=\nregion=eu-west-1\nfunction_name=lambda-execution-engine\nrole_arn=\ndiscovery_role_arn=\n$/);
  t.match(io.text(), /has no account_id yet: the Deploy workflow shows the bootstrap command instead of deploying/);
});

t.test('--require-configured fails on an unconfigured fork (Discovery test, Rollback)', async (t) => {
  const { code, io, output } = run(join(FIXTURES, 'deploy-unconfigured'), ['--require-configured']);
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^::error title=deploy-settings::deploy-settings: .*deploy\.yaml account_id: is not set, so there is no function to use: not set up yet \(run the bootstrap command first, /);
  t.match(io.lines.at(-1), /the bootstrap command is in the summary of every Deploy run .*, and paste the account_id line it prints\), or torn down \(SETUP\.md#teardown/, 'where the command is, and the teardown case');
  t.equal(output(), '');
  t.equal(await run(join(FIXTURES, 'deploy-eu'), ['--require-configured']).code, 0);
});

t.test('a configured fork whose region does not serve its locales fails with ::error::', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-cfg-'));
  cpSync(join(FIXTURES, 'deploy-eu'), dir, { recursive: true });
  writeFileSync(join(dir, 'deploy.yaml'), 'region: us-east-1\naccount_id: "111122223333"\n');
  const { code, io, output } = run(dir);
  t.equal(await code, 1);
  t.match(io.lines.at(-1), /^::error title=deploy-settings::deploy-settings: .*deploy\.yaml:1 region: us-east-1 cannot serve .*skill\.yaml:\d+ locales \[en-GB, de-DE\]: Alexa calls a Lambda in eu-west-1 \(Europe and India\) for en-GB\. Delete region/);
  t.equal(output(), '');
});

t.test('usage and bad options', async (t) => {
  t.equal(await run(FIXTURES, ['--help']).code, 0);
  const bad = run(FIXTURES, ['--nope']);
  t.equal(await bad.code, 1);
  t.match(bad.io.lines.at(-1), /Unknown option '--nope'; usage: npm run deploy-settings/);
  const noOutput = createRun({});
  t.equal(await runCli('deploy-settings', main, ['--config-dir', join(FIXTURES, 'deploy-eu')], noOutput.env, noOutput.io), 0, 'outside Actions it only prints');
  t.match(noOutput.io.text(), /role_arn=arn:aws:iam::111122223333:role\/ha-alexa-github-deploy/);
});
