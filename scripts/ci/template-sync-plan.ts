/**
 * Which files a template sync takes from the upstream template repository: every file that differs,
 * except the paths listed in `.github/template-sync-ignore` (yours: config/, skill-package/…).
 * Files only your repository has are never deleted. Workflow files are never taken, only listed:
 * a workflow pushed to a branch of your repository runs at once (`on: push`) with your secrets,
 * before anybody reviewed it, so you copy them yourself after reading them.
 */

export const IGNORE_FILE = '.github/template-sync-ignore';
export const WORKFLOWS_DIR = '.github/workflows/';

/** One line of `git diff --name-status --no-renames HEAD <template>`. */
export interface TemplateChange {
  status: 'A' | 'M' | 'D' | 'T';
  path: string;
}

export interface SyncPlan {
  /** Files to take from the template (added or changed there). */
  take: string[];
  /** Files only this repository has: kept, listed for the user to check. */
  onlyHere: string[];
  /** Files left alone because the ignore list names them. */
  ignored: string[];
  /** Workflow files that differ: never pushed, listed for you to review and copy. */
  workflows: string[];
}

/** The ignore list: one pattern per line, `#` comments and blank lines skipped. */
export function parseIgnoreList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line.length > 0);
}

/** `config/` matches the folder, `*.md` one segment, anything else the exact path. */
export function isIgnored(path: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    if (pattern.endsWith('/')) return path.startsWith(pattern);
    const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
    return regex.test(path);
  });
}

/** Parses `git diff --name-status` output. */
export function parseNameStatus(output: string): TemplateChange[] {
  return output
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [status = '', path = ''] = line.split('\t');
      return { status: status.charAt(0) as TemplateChange['status'], path };
    });
}

/**
 * Whether GitHub would read `path` as a workflow. Compared without case, so that no spelling of the
 * folder slips through on a case-insensitive checkout.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax ("stored in the .github/workflows directory")
 */
export function isWorkflowFile(path: string): boolean {
  return path.replace(/^\.\//, '').toLowerCase().startsWith(WORKFLOWS_DIR);
}

/**
 * Sorts the differences. `D` means the template does not have the file (diffing HEAD → template),
 * so it is yours or was removed upstream: never deleted. Workflow files, changed or added, are only
 * listed.
 */
export function planTemplateSync(changes: readonly TemplateChange[], patterns: readonly string[]): SyncPlan {
  const plan: SyncPlan = { take: [], onlyHere: [], ignored: [], workflows: [] };
  for (const change of changes) {
    if (isIgnored(change.path, patterns)) plan.ignored.push(change.path);
    else if (change.status === 'D') plan.onlyHere.push(change.path);
    else if (isWorkflowFile(change.path)) plan.workflows.push(change.path);
    else plan.take.push(change.path);
  }
  return plan;
}

/** Paths as shell words: the template names them, so a name is never read as a command. */
function shellWords(paths: readonly string[]): string {
  return paths.map((path) => (/^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The pull request's body. */
export function formatSyncBody(plan: SyncPlan, template: string, commit: string): string {
  const list = (paths: readonly string[]) => paths.map((path) => `- \`${path}\``).join('\n');
  const sections = [
    `Changes from the template [${template}](https://github.com/${template}) at \`${commit.slice(0, 7)}\`, except the paths in \`${IGNORE_FILE}\` (your config/ is never touched).`,
    '',
    `**Taken from the template** (${plan.take.length}):`,
    list(plan.take) || '- none',
  ];
  if (plan.workflows.length > 0) {
    sections.push(
      '',
      `**Workflow files to apply yourself** (${plan.workflows.length}; the sync never pushes workflows: GitHub would run a pushed workflow at once, with your secrets, before anybody read it):`,
      list(plan.workflows),
      '',
      'Read each on the template first, then copy them on your computer and push:',
      '',
      '```sh',
      `git fetch --depth=1 https://github.com/${template}.git ${commit}`,
      `git diff HEAD FETCH_HEAD -- ${shellWords(plan.workflows)}`,
      `git checkout FETCH_HEAD -- ${shellWords(plan.workflows)}`,
      '```',
    );
  }
  if (plan.onlyHere.length > 0) sections.push('', '**Only in your repository** (kept; delete any the template removed):', list(plan.onlyHere));
  sections.push('', 'A pull request opened by GitHub Actions does not start CI by itself: close and reopen it to run the checks.');
  return sections.join('\n');
}
