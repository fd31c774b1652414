import t from 'tap';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRun } from '../helpers/recorder.js';
import { REPO_ROOT } from '../helpers/config-dir.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { bootstrapCommand, createMain, repositoryFromEnv } from '../../../scripts/deploy/setup-summary.js';

const main = createMain();
const FIXTURES = join('test', 'fixtures', 'config');
const TEMPLATE = join(REPO_ROOT, 'test', 'fixtures', 'bootstrap.yaml');
const GITHUB = { GITHUB_REPOSITORY: 'octo-user/my-ha-alexa', GITHUB_REPOSITORY_OWNER_ID: '1234567', GITHUB_REPOSITORY_ID: '987654321' };

const run = (argv: string[], env: NodeJS.ProcessEnv = GITHUB) => {
  const recorder = createRun(env);
  return { ...recorder, code: runCli('setup-summary', main, argv, recorder.env, recorder.io) };
};

/** The fenced bash block that follows step 1 in the summary. */
const firstCommand = (markdown: string) => /```bash\n(.*)\n```/.exec(markdown)?.[1] ?? '';

t.test('an unconfigured fork gets the exact bootstrap command, owner, repo, IDs and region filled in', async (t) => {
  const { code, io, summary } = run(['--config-dir', join(FIXTURES, 'deploy-unconfigured'), '--template', TEMPLATE]);
  t.equal(await code, 0, io.text());
  const markdown = summary();
  t.match(markdown, /^### Set up AWS for `octo-user\/my-ha-alexa`/);
  t.match(markdown, /\[AWS CloudShell in eu-west-1\]\(https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudshell\/home\?region=eu-west-1\)/);
  t.match(markdown, /trusting only `repo:octo-user@1234567\/my-ha-alexa@987654321:environment:production`/);
  // The environment is created with a deployment branch rule: only main may deploy (issue 16 item 5).
  t.match(markdown, `gh api --method PUT "repos/octo-user/my-ha-alexa/environments/production" -F 'deployment_branch_policy[protected_branches]=false' -F 'deployment_branch_policy[custom_branch_policies]=true'`);
  t.match(markdown, `gh api --method POST "repos/octo-user/my-ha-alexa/environments/production/deployment-branch-policies" -f name=main -f type=branch`);
  t.match(markdown, 'gh secret set HA_TOKEN --env production --repo octo-user/my-ha-alexa');
  t.match(markdown, /Selected branches and tags → Add rule\*\* `main`/, 'and the same in the browser');
  t.match(markdown, /Put the `AccountId` output in `.*deploy\.yaml` as `account_id: "123456789012"`/);
  const command = firstCommand(markdown);
  t.match(command, /--region eu-west-1 --stack-name ha-alexa /);
  t.match(command, /--parameter-overrides GitHubOwner=octo-user GitHubOwnerId=1234567 GitHubRepo=my-ha-alexa GitHubRepoId=987654321 FunctionName=lambda-execution-engine ParameterPrefix=\/lambda-execution-engine Locales=en-GB /);
});

t.test('the command carries the template itself: run in a shell, it writes bootstrap.yaml byte for byte and calls aws', async (t) => {
  const { code, summary } = run(['--config-dir', join(FIXTURES, 'deploy-unconfigured'), '--template', TEMPLATE]);
  t.equal(await code, 0);
  // A fake `aws` on PATH records its arguments; base64 and gunzip are the machine's own, as in CloudShell.
  const dir = mkdtempSync(join(tmpdir(), 'cloudshell-'));
  const bin = join(dir, 'bin');
  spawnSync('mkdir', [bin]);
  writeFileSync(join(bin, 'aws'), '#!/bin/sh\necho "$*" >> "$AWS_LOG"\n');
  chmodSync(join(bin, 'aws'), 0o755);
  const result = spawnSync('bash', ['-c', firstCommand(summary())], { cwd: dir, env: { PATH: `${bin}:${process.env.PATH ?? ''}`, AWS_LOG: join(dir, 'aws.log') }, encoding: 'utf8' });
  t.equal(result.status, 0, result.stderr);
  t.equal(readFileSync(join(dir, 'ha-alexa-bootstrap.yaml'), 'utf8'), readFileSync(TEMPLATE, 'utf8'));
  const calls = readFileSync(join(dir, 'aws.log'), 'utf8').trim().split('\n');
  t.equal(calls.length, 2);
  t.match(calls[0], /^cloudformation deploy --region eu-west-1 --stack-name ha-alexa --template-file ha-alexa-bootstrap\.yaml --capabilities CAPABILITY_NAMED_IAM --parameter-overrides /);
  t.match(calls[1], /^cloudformation describe-stacks --region eu-west-1 --stack-name ha-alexa --query Stacks\[0\]\.Outputs\[\]\.\[OutputKey,OutputValue\] --output table$/);
});

t.test('a configured fork gets the update command in a collapsed block of the summary, and printed', async (t) => {
  const { code, io, summary } = run(['--config-dir', join(FIXTURES, 'deploy-eu'), '--template', TEMPLATE]);
  t.equal(await code, 0);
  t.match(summary(), /^<details><summary>AWS stack: the command that updates it \(rerun it after a template sync changed <code>config\/aws\/bootstrap\.yaml<\/code>/);
  t.match(summary(), /```bash\necho '[A-Za-z0-9+/=]+' \| base64 -d \| gunzip > ha-alexa-bootstrap\.yaml && aws cloudformation deploy --region eu-west-1 --stack-name ha-alexa /);
  t.notMatch(summary(), /not connected to AWS yet/, 'not the first-time steps');
  t.match(io.text(), /has account_id 111122223333: already set up/);
  t.match(io.text(), /FunctionName=ha-alexa ParameterPrefix=\/ha-alexa Locales=en-GB,de-DE/);
});

t.test('repository names and IDs are checked before they reach a shell command', async (t) => {
  t.throws(() => repositoryFromEnv({ ...GITHUB, GITHUB_REPOSITORY: 'me/repo;rm -rf ~' }), /GITHUB_REPOSITORY "me\/repo;rm -rf ~" is not OWNER\/REPO/);
  t.throws(() => repositoryFromEnv({ GITHUB_REPOSITORY: 'me/repo' }), /GITHUB_REPOSITORY_OWNER_ID and GITHUB_REPOSITORY_ID must be numbers/);
  t.throws(() => repositoryFromEnv({}), /is not OWNER\/REPO/);
  const missingTemplate = run(['--config-dir', join(FIXTURES, 'deploy-unconfigured'), '--template', '/nonexistent/bootstrap.yaml']);
  t.equal(await missingTemplate.code, 1);
  t.match(missingTemplate.io.lines.at(-1), /\/nonexistent\/bootstrap\.yaml cannot be read \(ENOENT\)/);
  const help = run(['--help']);
  t.equal(await help.code, 0);
  const bad = run(['--nope']);
  t.equal(await bad.code, 1);
  t.match(bad.io.lines.at(-1), /usage: npm run setup-summary/);
  t.match(bootstrapCommand({ repository: { owner: 'a', ownerId: '1', name: 'b', id: '2' }, deploy: { region: 'us-east-1', functionName: 'f', parameterPrefix: '/p' }, locales: ['en-US', 'en-CA'], template: 'x' }), /Locales=en-US,en-CA && /);
});

for (const [label, env] of [['REPOSITORY_PRIVATE=false', { REPOSITORY_PRIVATE: 'false' }], ['REPOSITORY_PRIVATE unset', {}]] as const) {
  t.test(`a public repository (${label}) is told to keep the Home Assistant address in the HA_URL secret`, async (t) => {
    const { code, summary } = run(['--config-dir', join(FIXTURES, 'deploy-unconfigured'), '--template', TEMPLATE], { ...GITHUB, ...env });
    t.equal(await code, 0);
    t.match(summary(), 'gh secret set HA_URL --env production --repo octo-user/my-ha-alexa');
    t.match(summary(), /This repository is public, and so is `config\/parameters\.yaml`: put your Home Assistant address in the `HA_URL` secret/);
    t.notMatch(summary(), /your Home Assistant address in `config\/parameters\.yaml`/);
  });
}

t.test('a private repository keeps the address in config/parameters.yaml, as before', async (t) => {
  const { code, summary } = run(['--config-dir', join(FIXTURES, 'deploy-unconfigured'), '--template', TEMPLATE], { ...GITHUB, REPOSITORY_PRIVATE: 'true' });
  t.equal(await code, 0);
  t.notMatch(summary(), /HA_URL/);
  t.match(summary(), /your Home Assistant address in `config\/parameters\.yaml`/);
});
