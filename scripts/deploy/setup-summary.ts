/**
 * npm run setup-summary -- [--config-dir config] [--template config/aws/bootstrap.yaml]
 *
 * While the fork is unconfigured (config/deploy.yaml has no account_id), the Deploy workflow's
 * setup job runs this instead of deploying. This script will:
 *   1. read the repository's owner, name and numeric IDs from GitHub's default variables
 *      (GITHUB_REPOSITORY, GITHUB_REPOSITORY_OWNER_ID, GITHUB_REPOSITORY_ID);
 *   2. read the region, function name, prefix and locales from config/;
 *   3. write to the job summary the one CloudShell command that unpacks the bootstrap template
 *      (carried inside the command, gzip + base64, so private repositories need no upload) and
 *      creates the stack, then the steps that remain.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { CONFIG_DIR, loadAll, loadSkillConfig } from '../config/config-files.js';
import { loadDeployConfig, type DeployConfig } from '../config/deploy-config.js';
import { assertRegionServesLocales, ALEXA_REGIONS } from '../config/regions.js';
import { isDirectRun, type Main, parseOptions, runCli, syncMain } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import { environmentSetupCommands } from '../ci/environment-check.js';
import { appendStepSummary, summaryShowsDetails } from '../shared/step-summary.js';

const USAGE = 'usage: npm run setup-summary -- [--config-dir <dir>] [--template <file>]';
export const DEFAULT_TEMPLATE = 'config/aws/bootstrap.yaml';
/** The bootstrap stack's name (SETUP.md has always used it; keep it so a rerun updates the same stack). */
export const STACK_NAME = 'ha-alexa';

/** The repository as the OIDC subject names it: repo:OWNER@OWNER_ID/REPO@REPO_ID. */
export interface Repository {
  owner: string;
  ownerId: string;
  name: string;
  id: string;
}

export interface BootstrapInput {
  repository: Repository;
  deploy: Pick<DeployConfig, 'region' | 'functionName' | 'parameterPrefix'>;
  locales: readonly string[];
  /** The text of config/aws/bootstrap.yaml. */
  template: string;
  /** Adds `AlexaEvents=on` (the events sheet's stack update). */
  alexaEvents?: boolean;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9_.-]{1,100}$/;
const NUMBER = /^[0-9]+$/;

/** The repository from GitHub's default environment variables, checked (the values end up in a shell command). */
export function repositoryFromEnv(env: NodeJS.ProcessEnv): Repository {
  const [owner = '', name = ''] = (env.GITHUB_REPOSITORY ?? '').split('/');
  const ownerId = env.GITHUB_REPOSITORY_OWNER_ID ?? '';
  const id = env.GITHUB_REPOSITORY_ID ?? '';
  if (!OWNER.test(owner) || !REPO.test(name)) throw new ScriptError(`GITHUB_REPOSITORY "${env.GITHUB_REPOSITORY ?? ''}" is not OWNER/REPO (run this in GitHub Actions, or set it by hand)`);
  if (!NUMBER.test(ownerId) || !NUMBER.test(id)) {
    throw new ScriptError('GITHUB_REPOSITORY_OWNER_ID and GITHUB_REPOSITORY_ID must be numbers: GitHub Actions sets them; by hand, gh api repos/OWNER/REPO --jq \'.owner.id, .id\'');
  }
  return { owner, ownerId, name, id };
}

/** The template, gzipped and base64-encoded, to travel inside the command. */
export function packTemplate(template: string): string {
  return gzipSync(Buffer.from(template, 'utf8'), { level: 9 }).toString('base64');
}

/**
 * The one command to paste into AWS CloudShell: unpack the template, create or update the stack,
 * show its outputs. Every value is checked to be shell-safe, so nothing needs quoting.
 */
export function bootstrapCommand(input: BootstrapInput): string {
  const { repository: repo, deploy } = input;
  const region = deploy.region;
  const overrides = [
    `GitHubOwner=${repo.owner}`,
    `GitHubOwnerId=${repo.ownerId}`,
    `GitHubRepo=${repo.name}`,
    `GitHubRepoId=${repo.id}`,
    `FunctionName=${deploy.functionName}`,
    `ParameterPrefix=${deploy.parameterPrefix}`,
    `Locales=${input.locales.join(',')}`,
    ...(input.alexaEvents ? ['AlexaEvents=on'] : []),
  ];
  return [
    `echo '${packTemplate(input.template)}' | base64 -d | gunzip > ha-alexa-bootstrap.yaml`,
    `aws cloudformation deploy --region ${region} --stack-name ${STACK_NAME} --template-file ha-alexa-bootstrap.yaml --capabilities CAPABILITY_NAMED_IAM --parameter-overrides ${overrides.join(' ')}`,
    `aws cloudformation describe-stacks --region ${region} --stack-name ${STACK_NAME} --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output table`,
  ].join(' && ');
}

/**
 * Once set up, every Deploy run's summary keeps the command in a collapsed block: it updates the
 * stack in place, which a template sync that changes config/aws/bootstrap.yaml (or a renamed
 * repository) asks for.
 */
export function formatUpdateSummary(input: BootstrapInput): string {
  return [
    '<details><summary>AWS stack: the command that updates it (rerun it after a template sync changed <code>config/aws/bootstrap.yaml</code>, or after renaming the repository)</summary>',
    '',
    `Paste it into [AWS CloudShell in ${input.deploy.region}](https://${input.deploy.region}.console.aws.amazon.com/cloudshell/home?region=${input.deploy.region}). It updates the stack \`${STACK_NAME}\` in place: the function, its versions and the \`live\` alias stay.`,
    '',
    '```bash',
    bootstrapCommand(input),
    '```',
    '',
    '</details>',
  ].join('\n');
}

/**
 * The job summary: the command and the few steps left. In a public repository (`isPublic`) the
 * Home Assistant address goes in the `HA_URL` secret: config/parameters.yaml is as public as the
 * repository.
 */
export function formatSetupSummary(input: BootstrapInput, deployFile: string, isPublic = false): string {
  const { repository: repo, deploy } = input;
  const slug = `${repo.owner}/${repo.name}`;
  const region = ALEXA_REGIONS[deploy.region];
  return [
    `### Set up AWS for \`${slug}\``,
    '',
    `This repository is not connected to AWS yet (\`${deployFile}\` has no \`account_id\`), so nothing was deployed. Three steps:`,
    '',
    `1. Open [AWS CloudShell in ${deploy.region}](https://${deploy.region}.console.aws.amazon.com/cloudshell/home?region=${deploy.region}) ` +
      `(${region.name}, for ${input.locales.join(', ')}) and paste this command. It creates the deploy roles, the function \`${deploy.functionName}\` and its \`live\` alias, ` +
      `trusting only \`repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}:environment:production\`. ` +
      'If the account already has GitHub\'s OIDC provider, add ` CreateOidcProvider=false` after the other overrides.',
    '',
    '```bash',
    bootstrapCommand(input),
    '```',
    '',
    `2. Create the \`production\` environment, which only \`main\` may deploy to, with your Home Assistant token: ` +
      '**Settings → Environments → New environment** `production`, **Deployment branches and tags → Selected branches and tags → Add rule** `main`, ' +
      '**Add environment secret** `HA_TOKEN`; or with the GitHub CLI:',
    '',
    '```bash',
    ...environmentSetupCommands(slug),
    `gh secret set HA_TOKEN --env production --repo ${slug}`,
    ...(isPublic ? [`gh secret set HA_URL --env production --repo ${slug}`] : []),
    '```',
    '',
    ...(isPublic
      ? [
          '   This repository is public, and so is `config/parameters.yaml`: put your Home Assistant address in the `HA_URL` secret (the last command), ' +
            'not in that file. The runs then mask it and leave it out of logs, summaries and issues.',
          '',
          `3. Put the \`AccountId\` output in \`${deployFile}\` as \`account_id: "123456789012"\`, then commit to \`main\`: the next run deploys.`,
        ]
      : [
          `3. Put the \`AccountId\` output in \`${deployFile}\` as \`account_id: "123456789012"\` (and your Home Assistant address in ` +
            '`config/parameters.yaml`), then commit to `main`: the next run deploys.',
        ]),
  ].join('\n');
}

export function createMain(): Main {
  return syncMain((argv, env, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const [deploy, skill] = loadAll([() => loadDeployConfig(args.configDir), () => loadSkillConfig(args.configDir)] as const);
    assertRegionServesLocales(deploy.region, skill.locales);
    const repository = repositoryFromEnv(env);
    const input: BootstrapInput = { repository, deploy, locales: skill.locales, template: readTemplate(args.template) };
    if (deploy.accountId) {
      io.out(`${deploy.file} has account_id ${deploy.accountId}: already set up. To update the stack, run in CloudShell:`);
      appendStepSummary(env, formatUpdateSummary(input));
    } else {
      io.out(`Not set up yet: run this in AWS CloudShell (${deploy.region}), then set account_id in ${deploy.file}:`);
      appendStepSummary(env, formatSetupSummary(input, deploy.file, !summaryShowsDetails(env)));
    }
    io.out(bootstrapCommand(input));
    return 0;
  });
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScriptError(`${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    'config-dir': { type: 'string', default: CONFIG_DIR },
    template: { type: 'string', default: DEFAULT_TEMPLATE },
  }, USAGE);
  return { configDir: values['config-dir'], template: values.template, help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('setup-summary', main);
}
