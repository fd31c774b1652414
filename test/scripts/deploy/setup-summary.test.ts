import t from 'tap';
import { readFileSync } from 'node:fs';
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
const UNCONFIGURED = ['--config-dir', join(FIXTURES, 'deploy-unconfigured'), '--template', TEMPLATE];
const CONFIGURED = ['--config-dir', join(FIXTURES, 'deploy-eu'), '--template', TEMPLATE];
/** The command setup-summary must show for the fixtures' repository (both fixtures keep the default names). */
const expected = (functionName: string, parameterPrefix: string) =>
  bootstrapCommand({ repository: repositoryFromEnv(GITHUB), deploy: { functionName, parameterPrefix }, template: readFileSync(TEMPLATE, 'utf8') });

t.test('before account_id: the summary leads with a CloudShell link per Alexa region, each with its languages, and the one command', async (t) => {
  const { code, io, summary } = run(UNCONFIGURED, { ...GITHUB, REPOSITORY_PRIVATE: 'true' });
  t.equal(await code, 0, io.text());
  const markdown = summary();
  t.match(markdown, /^### Set up AWS for `octo-user\/my-ha-alexa`/);
  t.match(markdown, /has no `account_id`\), so nothing was deployed/);
  t.match(markdown, '[CloudShell in us-east-1](https://us-east-1.console.aws.amazon.com/cloudshell/home?region=us-east-1), North America: en-US, en-CA, es-MX, es-US, fr-CA, pt-BR');
  t.match(markdown, '[CloudShell in eu-west-1](https://eu-west-1.console.aws.amazon.com/cloudshell/home?region=eu-west-1), Europe and India: en-GB, en-IN, de-DE, es-ES, fr-FR, it-IT, hi-IN, nl-NL, ar-SA');
  t.match(markdown, '[CloudShell in us-west-2](https://us-west-2.console.aws.amazon.com/cloudshell/home?region=us-west-2), Far East: ja-JP, en-AU');
  t.match(markdown, /trusting only `repo:octo-user@1234567\/my-ha-alexa@987654321:environment:production`/);
  t.match(markdown, /reuses the account's GitHub OIDC provider if there is one, cleans up a failed earlier attempt, and ends with the line for `config\/deploy\.yaml`: `account_id: "123456789012"`/);
  t.notMatch(markdown, /CreateOidcProvider/, 'nothing to type into the command');
  t.equal(firstCommand(markdown), expected('lambda-execution-engine', '/lambda-execution-engine'), 'the command, unedited');
  t.equal(io.lines.at(-1), expected('lambda-execution-engine', '/lambda-execution-engine'), 'and printed, for npm run setup-summary on a computer');
  // The environment is created with a deployment branch rule: only main may deploy (issue 16 item 5).
  t.match(markdown, `gh api --method PUT "repos/octo-user/my-ha-alexa/environments/production" -F 'deployment_branch_policy[protected_branches]=false' -F 'deployment_branch_policy[custom_branch_policies]=true'`);
  t.match(markdown, `gh api --method POST "repos/octo-user/my-ha-alexa/environments/production/deployment-branch-policies" -f name=main -f type=branch`);
  t.match(markdown, 'gh secret set HA_TOKEN --env production --repo octo-user/my-ha-alexa');
  t.match(markdown, /Selected branches and tags → Add rule\*\* `main`/, 'and the same in the browser');
  t.match(markdown, /Edit `.*deploy\.yaml` once: `account_id` \(the line the command printed\), `home_assistant_url` \(your Home Assistant address\), `language` \(e\.g\. `de-DE`\) and, for skills as code, `lwa_client_id`; commit to `main`/);
  t.notMatch(markdown, /<details>/, 'nothing folded away before the setup');
});

t.test('after account_id: the same command, folded, with the region of the language marked', async (t) => {
  const { code, io, summary } = run(CONFIGURED);
  t.equal(await code, 0, io.text());
  const markdown = summary();
  t.match(markdown, /^<details><summary>The bootstrap command \(AWS CloudShell\): to update the stack, after a rename, or to set it up again<\/summary>\n\n/);
  t.match(markdown, /<\/details>\s*$/);
  t.match(markdown, /Your `language` en-GB is served from \*\*eu-west-1\*\*/);
  t.match(markdown, /\[CloudShell in eu-west-1\]\([^)]+\), Europe and India: [^\n]+ ← your `language`/);
  t.notMatch(markdown, /CloudShell in us-east-1[^\n]+← your/);
  t.equal(firstCommand(markdown), expected('ha-alexa', '/ha-alexa'), 'with the function and prefix of config/deploy.yaml');
  t.notMatch(markdown, /### Set up AWS|HA_TOKEN|Edit `/, 'no setup steps once set up');
  t.match(io.text(), /has account_id 111122223333: already set up\. To update the stack, run this in AWS CloudShell in eu-west-1 \(https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudshell\/home\?region=eu-west-1\)/);
  t.equal(io.lines.at(-1), expected('ha-alexa', '/ha-alexa'));
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
});

for (const [label, env] of [['REPOSITORY_PRIVATE=false', { REPOSITORY_PRIVATE: 'false' }], ['REPOSITORY_PRIVATE unset', {}]] as const) {
  t.test(`a public repository (${label}) is told to keep the Home Assistant address in the HA_URL secret`, async (t) => {
    const { code, summary } = run(UNCONFIGURED, { ...GITHUB, ...env });
    t.equal(await code, 0);
    t.match(summary(), 'gh secret set HA_URL --env production --repo octo-user/my-ha-alexa');
    t.match(summary(), /This repository is public, and so is `config\/deploy\.yaml`: put your Home Assistant address in the `HA_URL` secret/);
    t.notMatch(summary(), /home_assistant_url/);
  });
}

t.test('a private repository keeps the address in config/deploy.yaml', async (t) => {
  const { code, summary } = run(UNCONFIGURED, { ...GITHUB, REPOSITORY_PRIVATE: 'true' });
  t.equal(await code, 0);
  t.notMatch(summary(), /HA_URL/);
  t.match(summary(), /`home_assistant_url` \(your Home Assistant address\)/);
});

