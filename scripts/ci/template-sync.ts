/**
 * npm run template-sync -- [--dry-run] [--no-push] [--template OWNER/REPO] [--url <git url>] [--branch main]
 *
 * Brings the upstream template's changes into this repository as a pull request, never touching
 * your files. This script will:
 *   1. find the template (--template, TEMPLATE_REPOSITORY, or GitHub's template_repository of
 *      GITHUB_REPOSITORY through `gh api`) and fetch its branch;
 *   2. plan: every file that differs, minus the paths in .github/template-sync-ignore (config/,
 *      skill-package/, …); files only this repository has are kept; workflow files are never
 *      taken, only listed in the pull request (a pushed workflow would run before review); the
 *      template's docs (README.md, SETUP.md) are taken only while this repository's copy is one the
 *      template's history has, else listed as changed on your side;
 *   3. unless --dry-run: commit them on the branch template-sync, push it (GH_TOKEN, the workflow's
 *      GITHUB_TOKEN: its pushes start no workflow) and open or update the pull request
 *      (gh pr create / edit). --no-push stops after the commit;
 *   4. start the CI workflow on that branch (gh workflow run: workflow_dispatch is the one event
 *      GITHUB_TOKEN may trigger), so the pull request gets its checks; a refusal is a warning.
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-guides/automatic-token-authentication#using-the-github_token-in-a-workflow
 * @see https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { isDirectRun, type Main, parseOptions, runCli, syncMain } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import type { Io } from '../shared/io.js';
import { appendStepSummary } from '../shared/step-summary.js';
import {
  blobsInRawLog,
  CI_WORKFLOW,
  formatSyncBody,
  IGNORE_FILE,
  isIgnored,
  isWorkflowFile,
  parseIgnoreList,
  parseNameStatus,
  planTemplateSync,
  TEMPLATE_DOCS,
  type TemplateChange,
} from './template-sync-plan.js';

const USAGE = 'usage: npm run template-sync -- [--dry-run] [--no-push] [--template OWNER/REPO] [--url <git url>] [--branch main]';
const SYNC_BRANCH = 'template-sync';
const SLUG = /^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/;

/** Runs a command in the repository; fails with its stderr (never the arguments, which may hold a token). */
function run(command: string, args: readonly string[], label: string, env: NodeJS.ProcessEnv): string {
  const result = attempt(command, args, env);
  if (!result.ok) throw new ScriptError(`${label} failed: ${result.reason}`);
  return result.stdout;
}

/** Runs a command; the last line of its stderr, with any token in a URL masked, when it fails. */
function attempt(command: string, args: readonly string[], env: NodeJS.ProcessEnv): { ok: true; stdout: string } | { ok: false; reason: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', env });
  if (result.error || result.status !== 0) {
    const reason = (result.stderr || result.error?.message || '').trim().split('\n').slice(-1)[0] ?? '';
    return { ok: false, reason: reason.replace(/x-access-token:[^@]+@/g, 'x-access-token:***@') };
  }
  return { ok: true, stdout: result.stdout };
}

/**
 * The template docs this repository changed: those that differ whose copy here is no version the
 * template's history of that file has (a copy made from the template, or taken by an earlier sync,
 * is one of them).
 */
function docsChangedHere(changes: readonly TemplateChange[], patterns: readonly string[], env: NodeJS.ProcessEnv): Set<string> {
  const changed = new Set<string>();
  for (const { status, path } of changes) {
    if (status !== 'M' || !TEMPLATE_DOCS.includes(path) || isIgnored(path, patterns)) continue;
    const mine = run('git', ['rev-parse', `HEAD:${path}`], `git rev-parse (${path})`, env).trim();
    const history = blobsInRawLog(run('git', ['log', '--root', '--raw', '--no-abbrev', '--format=', 'FETCH_HEAD', '--', path], `git log (${path})`, env));
    if (!history.has(mine)) changed.add(path);
  }
  return changed;
}

/**
 * Starts CI on the sync branch. GitHub answers 403 without `actions: write`, and 422 when this
 * repository's ci.yml has no `workflow_dispatch` trigger (one from before the template added it):
 * either way the pull request is open, so the run says how to get the checks instead of failing.
 */
function startCi(repository: string, env: NodeJS.ProcessEnv, io: Io): string {
  const started = attempt('gh', ['workflow', 'run', CI_WORKFLOW, '--repo', repository, '--ref', SYNC_BRANCH], env);
  if (started.ok) {
    io.out(`Started ${CI_WORKFLOW} on ${SYNC_BRANCH} (workflow_dispatch): its checks show on the pull request.`);
    return `CI (\`${CI_WORKFLOW}\`) started on \`${SYNC_BRANCH}\`.`;
  }
  const hint = /\b422\b|workflow_dispatch/i.test(started.reason)
    ? `this repository's ${CI_WORKFLOW} has no workflow_dispatch trigger yet: apply the template's workflow files listed in the pull request`
    : /\b403\b|not accessible/i.test(started.reason)
      ? 'the workflow needs permissions actions: write (the template\'s template-sync.yml has it)'
      : 'see the reason above';
  io.err(`warning: CI was not started on ${SYNC_BRANCH} (${started.reason}): ${hint}; close and reopen the pull request to run the checks.`);
  return `**CI was not started** on \`${SYNC_BRANCH}\`: ${hint}; close and reopen the pull request to run the checks.`;
}

function findTemplate(args: { template?: string }, env: NodeJS.ProcessEnv): string {
  const named = args.template ?? env.TEMPLATE_REPOSITORY?.trim();
  const template = named || run('gh', ['api', `repos/${env.GITHUB_REPOSITORY ?? ''}`, '--jq', '.template_repository.full_name // ""'], 'gh api (the template repository)', env).trim();
  if (!template) throw new ScriptError('this repository was not created from a template: set TEMPLATE_REPOSITORY (OWNER/REPO) to sync from one');
  if (!SLUG.test(template)) throw new ScriptError(`template "${template}" is not OWNER/REPO`);
  return template;
}

export function createMain(): Main {
  return syncMain((argv, env, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    return sync(args, env, io);
  });
}

function sync(args: ReturnType<typeof parseCliArgs>, env: NodeJS.ProcessEnv, io: Io): number {
  const template = args.url ? (args.template ?? 'template') : findTemplate(args, env);
  const url = args.url ?? `https://github.com/${template}.git`;
  io.out(`Fetching ${template} (${args.branch})…`);
  // The whole history of the template's branch: whether a doc here is one of its versions needs it.
  run('git', ['fetch', '--no-tags', url, args.branch], `git fetch ${url}`, env);
  const commit = run('git', ['rev-parse', 'FETCH_HEAD'], 'git rev-parse', env).trim();
  const patterns = existsSync(IGNORE_FILE) ? parseIgnoreList(readFileSync(IGNORE_FILE, 'utf8')) : [];
  const changes = parseNameStatus(run('git', ['diff', '--name-status', '--no-renames', 'HEAD', 'FETCH_HEAD'], 'git diff', env));
  const plan = planTemplateSync(changes, patterns, docsChangedHere(changes, patterns, env));
  for (const path of plan.take) io.out(`  take     ${path}`);
  for (const path of plan.workflows) io.out(`  skip     ${path} (workflow: listed in the pull request for you to apply)`);
  for (const path of plan.ignored) io.out(`  ignore   ${path} (${IGNORE_FILE})`);
  for (const path of plan.onlyHere) io.out(`  keep     ${path} (only in this repository)`);
  for (const path of plan.changedHere) io.out(`  keep     ${path} (changed on your side, not updated)`);
  const body = formatSyncBody(plan, template, commit);
  if (plan.take.length === 0) {
    const left = [...(plan.workflows.length > 0 ? ['the workflow files to apply yourself'] : []), ...(plan.changedHere.length > 0 ? ['the docs changed on your side'] : [])];
    io.out(`Up to date with ${template} (${commit.slice(0, 7)})${left.length > 0 ? `, except ${left.join(' and ')}` : ''}.`);
    appendStepSummary(env, left.length > 0 ? `### Template sync\n\n${body}` : `### Template sync\n\nUp to date with ${template} at \`${commit.slice(0, 7)}\`.`);
    return 0;
  }
  if (args.dryRun) {
    io.out('Dry run: nothing committed.');
    return 0;
  }
  run('git', ['checkout', '-B', SYNC_BRANCH], 'git checkout', env);
  run('git', ['checkout', 'FETCH_HEAD', '--', ...plan.take], 'git checkout (template files)', env);
  const staged = run('git', ['diff', '--cached', '--name-only', '-z'], 'git diff --cached', env).split('\0').filter((path) => path !== '');
  if (staged.some(isWorkflowFile)) throw new ScriptError('refusing to commit workflow files: they are for you to apply after review');
  const identity = ['-c', 'user.name=github-actions[bot]', '-c', 'user.email=41898282+github-actions[bot]@users.noreply.github.com'];
  run('git', [...identity, 'commit', '-m', `Sync with the template ${template} (${commit.slice(0, 7)})`], 'git commit', env);
  io.out(`Committed ${plan.take.length} file(s) on ${SYNC_BRANCH}.`);
  if (args.noPush) return 0;

  const repository = env.GITHUB_REPOSITORY ?? '';
  const token = env.GH_TOKEN ?? '';
  if (!SLUG.test(repository) || !token) throw new ScriptError('pushing needs GITHUB_REPOSITORY and GH_TOKEN (the workflow sets both)');
  run('git', ['push', '--force', `https://x-access-token:${token}@github.com/${repository}.git`, `${SYNC_BRANCH}:${SYNC_BRANCH}`], 'git push', env);
  const open = run('gh', ['pr', 'list', '--repo', repository, '--head', SYNC_BRANCH, '--state', 'open', '--json', 'number', '--jq', '.[0].number // ""'], 'gh pr list', env).trim();
  const title = `Sync with the template ${template}`;
  if (open) run('gh', ['pr', 'edit', open, '--repo', repository, '--title', title, '--body', body], 'gh pr edit', env);
  else run('gh', ['pr', 'create', '--repo', repository, '--head', SYNC_BRANCH, '--title', title, '--body', body], 'gh pr create (allow it under Settings → Actions → General → "Allow GitHub Actions to create and approve pull requests")', env);
  io.out(open ? `Updated pull request #${open}.` : 'Opened a pull request.');
  const ci = startCi(repository, env, io);
  appendStepSummary(env, `### Template sync\n\n${ci}\n\n${body}`);
  return 0;
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    'dry-run': { type: 'boolean', default: false },
    'no-push': { type: 'boolean', default: false },
    template: { type: 'string' },
    url: { type: 'string' },
    branch: { type: 'string', default: 'main' },
  }, USAGE);
  return {
    dryRun: values['dry-run'],
    noPush: values['no-push'],
    ...(values.template ? { template: values.template } : {}),
    ...(values.url ? { url: values.url } : {}),
    branch: values.branch,
    help: values.help,
  };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('template-sync', main);
}
