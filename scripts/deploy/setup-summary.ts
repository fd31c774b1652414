/**
 * npm run setup-summary -- [--config-dir config] [--template config/aws/bootstrap.yaml]
 *
 * The Deploy workflow's settings job runs this on every run. This script will:
 *   1. read the repository's owner, name and numeric IDs from GitHub's default variables
 *      (GITHUB_REPOSITORY, GITHUB_REPOSITORY_OWNER_ID, GITHUB_REPOSITORY_ID);
 *   2. read the function name and prefix from config/deploy.yaml;
 *   3. write to the job summary the one CloudShell command (bootstrap-script.ts) with a CloudShell
 *      link per Alexa region: prominent, with the steps that remain, while config/deploy.yaml has
 *      no account_id; folded in a <details> block once it has, for updating the stack later.
 * It prints the command too, so `npm run setup-summary` shows it on a computer.
 */
import { readFileSync } from 'node:fs';
import { CONFIG_DIR } from '../config/config-files.js';
import { loadDeployConfig, type DeployConfig } from '../config/deploy-config.js';
import { ALEXA_REGIONS, type AlexaRegion } from '../config/regions.js';
import { isDirectRun, type Main, parseOptions, runCli, syncMain } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import { environmentSetupCommands } from '../ci/environment-check.js';
import { appendStepSummary, summaryShowsDetails } from '../shared/step-summary.js';
import { alexaEventsWanted, bootstrapCommand, type BootstrapInput, cloudShellUrl, regionLanguages, type Repository } from './bootstrap-script.js';

export { bootstrapCommand, cloudShellUrl, STACK_NAME, type BootstrapInput, type Repository } from './bootstrap-script.js';

const USAGE = 'usage: npm run setup-summary -- [--config-dir <dir>] [--template <file>]';
export const DEFAULT_TEMPLATE = 'config/aws/bootstrap.yaml';

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

/** One link per Alexa region, each with its languages; `yours` (the language's region) marked. */
function cloudShellLinks(yours?: AlexaRegion): string[] {
  return (Object.keys(ALEXA_REGIONS) as AlexaRegion[]).map(
    (region) => `   - [CloudShell in ${region}](${cloudShellUrl(region)}), ${regionLanguages(region)}${region === yours ? ' ← your `language`' : ''}`,
  );
}

/** What the summary needs from config/deploy.yaml. */
type SummaryDeploy = Pick<DeployConfig, 'file' | 'region' | 'language' | 'accountId'>;

/**
 * The job summary while the repository is not connected to AWS: the links, the command and the
 * steps left. In a public repository (`isPublic`) the Home Assistant address goes in the `HA_URL`
 * secret: config/deploy.yaml is as public as the repository.
 */
export function formatSetupSummary(input: BootstrapInput, deploy: SummaryDeploy, isPublic = false): string {
  const { repository: repo } = input;
  const slug = `${repo.owner}/${repo.name}`;
  return [
    `### Set up AWS for \`${slug}\``,
    '',
    `This repository is not connected to AWS yet (\`${deploy.file}\` has no \`account_id\`), so nothing was deployed. The steps left (SETUP.md steps 2–6):`,
    '',
    '1. Open AWS CloudShell in the region of the language you speak to Alexa (Alexa calls a Lambda only there):',
    ...cloudShellLinks(),
    '',
    `2. Paste this command. It creates the deploy roles, the function \`${input.deploy.functionName}\` and its \`live\` alias in CloudShell's region, ` +
      `trusting only \`repo:${repo.owner}@${repo.ownerId}/${repo.name}@${repo.id}:environment:production\`. It reuses the account's GitHub OIDC provider if there is one, ` +
      'cleans up a failed earlier attempt, and ends with the line for `config/deploy.yaml`: `account_id: "123456789012"`. Running it again is safe.',
    '',
    '```bash',
    bootstrapCommand(input),
    '```',
    '',
    '3. In Home Assistant, create a long-lived access token (your profile → **Security**).',
    '',
    '4. Create the `production` environment, which only `main` may deploy to, with that token as the `HA_TOKEN` secret: ' +
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
          '   This repository is public, and so is `config/deploy.yaml`: put your Home Assistant address in the `HA_URL` secret (the last command), ' +
            'not in that file. The runs then mask it and leave it out of logs, summaries and issues.',
          '',
          `5. Edit \`${deploy.file}\` once: \`account_id\` (the line the command printed), \`language\` (e.g. \`de-DE\`) and, for skills as code, \`lwa_client_id\`; commit to \`main\`: the next run deploys.`,
        ]
      : [
          `5. Edit \`${deploy.file}\` once: \`account_id\` (the line the command printed), \`home_assistant_url\` (your Home Assistant address), ` +
            '`language` (e.g. `de-DE`) and, for skills as code, `lwa_client_id`; commit to `main`: the next run deploys.',
        ]),
  ].join('\n');
}

/** The summary once the repository is connected: the same command, folded, for updating the stack. */
export function formatBootstrapReminder(input: BootstrapInput, deploy: SummaryDeploy): string {
  return [
    '<details><summary>The bootstrap command (AWS CloudShell): to update the stack, after a rename, or to set it up again</summary>',
    '',
    `Your \`language\` ${deploy.language} is served from **${deploy.region}**: open CloudShell there and paste the command. ` +
      'It updates the stack in place (parameters and roles), or recreates it after a failed attempt; it changes nothing in config/.',
    '',
    ...cloudShellLinks(deploy.region),
    '',
    '```bash',
    bootstrapCommand(input),
    '```',
    '',
    '</details>',
  ].join('\n');
}

export function createMain(): Main {
  return syncMain((argv, env, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const deploy = loadDeployConfig(args.configDir);
    const repository = repositoryFromEnv(env);
    // With ALEXA_EVENTS: on in config/function.yaml the command adds AlexaEvents=on (README "Alexa events").
    const input: BootstrapInput = { repository, deploy, template: readTemplate(args.template), ...(alexaEventsWanted(args.configDir) ? { alexaEvents: true } : {}) };
    if (deploy.accountId) {
      io.out(`${deploy.file} has account_id ${deploy.accountId}: already set up. To update the stack, run this in AWS CloudShell in ${deploy.region} (${cloudShellUrl(deploy.region)}):`);
      appendStepSummary(env, formatBootstrapReminder(input, deploy));
    } else {
      io.out(`Not set up yet: run this in AWS CloudShell in the region of your language (${deploy.language}: ${cloudShellUrl(deploy.region)}), then set account_id in ${deploy.file}:`);
      appendStepSummary(env, formatSetupSummary(input, deploy, !summaryShowsDetails(env)));
    }
    io.out(bootstrapCommand(input));
    return 0;
  });
}

/** The bootstrap template's text, or a one-line error naming the file (also for events-sheet). */
export function readTemplate(path: string): string {
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
