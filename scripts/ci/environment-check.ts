/**
 * npm run check:environment
 *
 * The deploy role trusts the `production` environment of this repository, so whichever job enters that
 * environment gets the AWS deploy credentials and the HA_TOKEN secret. This script will:
 *   1. read the environment (GET /repos/{owner}/{repo}/environments/production) and, when it has a
 *      custom branch policy, its rules (GET …/environments/production/deployment-branch-policies);
 *   2. say so in one line when only branch `main` may deploy (or only protected branches);
 *   3. otherwise warn (a `::warning::` annotation and a job-summary paragraph) with the `gh api`
 *      commands that limit the environment to `main`. It never fails the job: exit 0 whatever it finds,
 *      and a notice when it cannot read the environment.
 *
 * Reads GITHUB_REPOSITORY, GITHUB_TOKEN and GITHUB_API_URL (default https://api.github.com).
 * Permission: GitHub documents both reads as needing the "Actions" repository permission (read) for
 * GitHub App tokens such as GITHUB_TOKEN, so the job grants `permissions: actions: read` (in a public
 * repository they also answer without it). Changing the environment is "Administration" (write), which
 * a workflow token never has: the commands are for the repository's admin, with `gh`.
 *
 * @see https://docs.github.com/en/rest/deployments/environments#get-an-environment
 * @see https://docs.github.com/en/rest/deployments/branch-policies#list-deployment-branch-policies
 */
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import type { Io } from '../shared/io.js';
import { appendStepSummary } from '../shared/step-summary.js';
import { fetchJson, redact, stringField, type JsonResponse } from '../skill/http-json.js';

const USAGE = 'usage: npm run check:environment';
const NAME = 'check:environment';
export const ENVIRONMENT = 'production';
export const DEPLOY_BRANCH = 'main';
/** What GitHub calls the permission the reads need, as a workflow's `permissions:` key writes it. */
export const READ_PERMISSION = 'actions: read';
const TITLE = `${ENVIRONMENT} environment`;
const REPOSITORY = /^[\w.-]+\/[\w.-]+$/;

/** `deployment_branch_policy` of an environment; null (or absent) lets every branch deploy. */
export interface BranchPolicySetting {
  protected_branches?: boolean;
  custom_branch_policies?: boolean;
}

/** One rule of a custom policy: a name pattern for branches or, with `type: tag`, tags. */
export interface BranchPolicy {
  id: number;
  name: string;
  /** `branch` or `tag`; GitHub's older answers leave it out (a branch rule). */
  type?: string;
}

/** What the check found. */
export type Finding =
  | { kind: 'ok'; line: string }
  | { kind: 'open'; risk: string; extra: BranchPolicy[] }
  | { kind: 'missing' }
  | { kind: 'unchecked'; reason: string };

/**
 * The `gh api` commands that limit `production` to branch `main`, for a user with admin rights
 * (`gh auth login`). `repository` is `owner/name`, or a shell variable such as `$REPO` (the endpoint
 * is in double quotes, so the shell expands it). The `[…]` fields are in single quotes so no shell
 * globs them; `-F` sends `false`/`true` as JSON booleans and `key[subkey]=value` as a nested object.
 * `extraPolicyIds` adds a DELETE for each rule that admits more than `main`.
 *
 * @see https://docs.github.com/en/rest/deployments/environments#create-or-update-an-environment
 * @see https://docs.github.com/en/rest/deployments/branch-policies#create-a-deployment-branch-policy
 */
export function environmentSetupCommands(repository: string, extraPolicyIds: readonly number[] = []): string[] {
  const endpoint = `repos/${repository}/environments/${ENVIRONMENT}`;
  return [
    `gh api --method PUT "${endpoint}" -F 'deployment_branch_policy[protected_branches]=false' -F 'deployment_branch_policy[custom_branch_policies]=true'`,
    `gh api --method POST "${endpoint}/deployment-branch-policies" -f name=${DEPLOY_BRANCH} -f type=branch`,
    ...extraPolicyIds.map((id) => `gh api --method DELETE "${endpoint}/deployment-branch-policies/${id}"`),
  ];
}

/** Whether a rule is exactly the branch `main` (GitHub's older answers leave out `type`: a branch). */
const isMainBranch = (policy: BranchPolicy) => policy.name === DEPLOY_BRANCH && (policy.type ?? 'branch') === 'branch';

const describeRule = (policy: BranchPolicy) => `${policy.type === 'tag' ? 'tag' : 'branch'} rule \`${policy.name}\``;

/** What a job in the environment gets, for the risk sentences. */
const SECRETS_AT_RISK = "the deploy role's AWS credentials and the HA_TOKEN secret";
const OTHER_BRANCH = `a job on another branch that names \`environment: ${ENVIRONMENT}\` gets ${SECRETS_AT_RISK}`;

/** The finding for an environment's policy and, when it is custom, its rules. */
export function assess(setting: BranchPolicySetting | null | undefined, policies: readonly BranchPolicy[] = []): Finding {
  if (!setting) return { kind: 'open', risk: `every branch may deploy to \`${ENVIRONMENT}\` (it has no deployment branch rule): ${OTHER_BRANCH}.`, extra: [] };
  if (setting.protected_branches === true) {
    return { kind: 'ok', line: `${TITLE}: only protected branches may deploy (deployment_branch_policy.protected_branches); keep ${DEPLOY_BRANCH} the only protected branch, or switch to a rule for ${DEPLOY_BRANCH} alone.` };
  }
  if (setting.custom_branch_policies !== true) return { kind: 'open', risk: `\`${ENVIRONMENT}\`'s deployment branch policy sets neither protected branches nor custom rules: ${OTHER_BRANCH}.`, extra: [] };
  const extra = policies.filter((policy) => !isMainBranch(policy));
  const hasMain = policies.some(isMainBranch);
  if (hasMain && extra.length === 0) return { kind: 'ok', line: `${TITLE}: only branch ${DEPLOY_BRANCH} may deploy (custom deployment branch rule).` };
  if (extra.length === 0) return { kind: 'open', risk: `\`${ENVIRONMENT}\` has custom deployment branch rules but none for branch \`${DEPLOY_BRANCH}\`, so GitHub will refuse the deploy job.`, extra };
  return { kind: 'open', risk: `\`${ENVIRONMENT}\` admits more than branch \`${DEPLOY_BRANCH}\` (${extra.map(describeRule).join(', ')}): ${OTHER_BRANCH}.`, extra };
}

/** A GitHub Actions workflow command's data and properties, escaped as the runner reads them. */
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * A `::warning::` or `::notice::` annotation in GitHub Actions, a plain `warning:` line elsewhere.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-a-warning-message
 */
export function annotation(env: NodeJS.ProcessEnv, level: 'warning' | 'notice', message: string): string {
  return env.GITHUB_ACTIONS === 'true' ? `::${level} title=${escapeProperty(TITLE)}::${escapeData(message)}` : `${level}: ${message}`;
}

/** The job-summary paragraph: the risk in one sentence, then the commands. */
function summary(alert: 'WARNING' | 'NOTE', sentence: string, commands: readonly string[]): string {
  const fix = commands.length === 0 ? '' : `\n\nLimit it to \`${DEPLOY_BRANCH}\` (repository admin, where \`gh\` is logged in):\n\n\`\`\`sh\n${commands.join('\n')}\n\`\`\``;
  return `> [!${alert}]\n> **${TITLE}:** ${sentence}${fix}`;
}

function report(finding: Finding, repository: string, env: NodeJS.ProcessEnv, io: Io): void {
  switch (finding.kind) {
    case 'ok':
      io.out(finding.line);
      return;
    case 'open': {
      const sentence = finding.risk;
      const commands = environmentSetupCommands(repository, finding.extra.map((policy) => policy.id));
      io.err(annotation(env, 'warning', `${sentence.replace(/`/g, '')} The job summary has the gh commands that limit it to ${DEPLOY_BRANCH}.`));
      io.out(commands.join('\n'));
      appendStepSummary(env, summary('WARNING', sentence, commands));
      return;
    }
    case 'missing': {
      const sentence = `the repository has no \`${ENVIRONMENT}\` environment yet: the deploy job will create it on first use WITHOUT a deployment branch rule, so any branch could then get ${SECRETS_AT_RISK}.`;
      const commands = environmentSetupCommands(repository);
      io.err(annotation(env, 'notice', `${sentence.replace(/`/g, '')} The job summary has the gh commands that create it limited to ${DEPLOY_BRANCH}.`));
      io.out(commands.join('\n'));
      appendStepSummary(env, summary('NOTE', sentence, commands));
      return;
    }
    case 'unchecked': {
      const sentence = `the deployment branch rule could not be checked: ${finding.reason}.`;
      io.err(annotation(env, 'notice', sentence));
      appendStepSummary(env, summary('NOTE', sentence, []));
      return;
    }
  }
}

/** GitHub's refusal, as a reason that names the permission; the token is never part of it. */
function refused(response: JsonResponse, token: string): Finding {
  const message = redact(stringField(response.body, 'message') ?? `HTTP ${response.status}`, [token]);
  const hint = response.status === 401 || response.status === 403 ? `: give the job \`permissions: ${READ_PERMISSION}\` and GITHUB_TOKEN` : '';
  return { kind: 'unchecked', reason: `GitHub answered ${response.status} (${message})${hint}` };
}

/** Reads the environment and its rules and decides; every failure to read is an `unchecked` finding. */
export async function checkEnvironment(apiUrl: string, repository: string, token: string): Promise<Finding> {
  const base = `${apiUrl.replace(/\/+$/, '')}/repos/${repository}/environments/${ENVIRONMENT}`;
  const init: RequestInit = {
    headers: { Accept: 'application/vnd.github+json', Authorization: `Bearer ${token}`, 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'ha-alexa-environment-check' },
  };
  const get = (url: string) => fetchJson(url, { ...init, signal: AbortSignal.timeout(30_000) }, 'GitHub (GITHUB_API_URL)');
  try {
    const environment = await get(base);
    if (environment.status === 404) return { kind: 'missing' };
    if (environment.status !== 200) return refused(environment, token);
    const setting = (environment.body as { deployment_branch_policy?: BranchPolicySetting | null } | undefined)?.deployment_branch_policy;
    if (setting?.custom_branch_policies !== true || setting.protected_branches === true) return assess(setting);
    const list = await get(`${base}/deployment-branch-policies?per_page=100`);
    if (list.status !== 200) return refused(list, token);
    const policies = (list.body as { branch_policies?: BranchPolicy[] } | undefined)?.branch_policies;
    return assess(setting, policies ?? []);
  } catch (error) {
    return { kind: 'unchecked', reason: redact(error instanceof Error ? error.message : String(error), [token]) };
  }
}

export const main: Main = async (argv, env, io) => {
  if (parseOptions(argv, {}, USAGE).help) {
    io.out(USAGE);
    return 0;
  }
  const repository = env.GITHUB_REPOSITORY?.trim() ?? '';
  if (!REPOSITORY.test(repository)) throw new ScriptError(`GITHUB_REPOSITORY must be owner/name (GitHub Actions sets it); got "${repository}"`);
  const token = env.GITHUB_TOKEN?.trim();
  const apiUrl = env.GITHUB_API_URL?.trim() || 'https://api.github.com';
  const finding = token ? await checkEnvironment(apiUrl, repository, token) : { kind: 'unchecked' as const, reason: `GITHUB_TOKEN is not set: pass it to the step (env: GITHUB_TOKEN: \${{ github.token }}) with \`permissions: ${READ_PERMISSION}\`` };
  report(finding, repository, env, io);
  return 0;
};

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli(NAME, main);
}
