/**
 * Which files a template sync takes from the upstream template repository: every file that differs,
 * except the paths listed in `.github/template-sync-ignore` (yours: config/, skill-package/…).
 * Files only your repository has are never deleted. Workflow files are never taken, only listed:
 * a workflow pushed to a branch of your repository runs at once (`on: push`) with your secrets,
 * before anybody reviewed it, so you copy them yourself after reading them. The template's docs
 * (README.md, SETUP.md) are taken unless you changed them, and then only listed.
 */

export const IGNORE_FILE = '.github/template-sync-ignore';
export const WORKFLOWS_DIR = '.github/workflows/';
/** The template's own documentation: updated by a sync, unless this repository changed it. */
export const TEMPLATE_DOCS: readonly string[] = ['README.md', 'SETUP.md'];
/** The one-time AWS stack: when a sync changes it, the stack must be updated by hand. */
export const BOOTSTRAP_TEMPLATE = 'config/aws/bootstrap.yaml';
/** The workflow the sync starts on its branch, since its own pushes start none. */
export const CI_WORKFLOW = 'ci.yml';

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
  /** Template docs this repository changed: not updated, listed. */
  changedHere: string[];
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
 * listed. A template doc that differs is taken only when `changedHere` does not name it (this
 * repository's copy is one the template once had).
 */
export function planTemplateSync(changes: readonly TemplateChange[], patterns: readonly string[], changedHere: ReadonlySet<string> = new Set()): SyncPlan {
  const plan: SyncPlan = { take: [], onlyHere: [], ignored: [], workflows: [], changedHere: [] };
  for (const change of changes) {
    if (isIgnored(change.path, patterns)) plan.ignored.push(change.path);
    else if (change.status === 'D') plan.onlyHere.push(change.path);
    else if (isWorkflowFile(change.path)) plan.workflows.push(change.path);
    else if (change.status === 'M' && changedHere.has(change.path)) plan.changedHere.push(change.path);
    else plan.take.push(change.path);
  }
  return plan;
}

/** The blob IDs in `git log --raw --no-abbrev` output (old and new side of each line, zeros dropped). */
export function blobsInRawLog(output: string): Set<string> {
  const blobs = new Set<string>();
  for (const line of output.split('\n')) {
    const match = /^:\d+ \d+ ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) /.exec(line);
    if (match === null) continue;
    for (const blob of [match[1]!, match[2]!]) if (!/^0+$/.test(blob)) blobs.add(blob);
  }
  return blobs;
}

/** Paths as shell words: the template names them, so a name is never read as a command. */
function shellWords(paths: readonly string[]): string {
  return paths.map((path) => (/^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** The pull request's body. */
export function formatSyncBody(plan: SyncPlan, template: string, commit: string): string {
  const list = (paths: readonly string[]) => paths.map((path) => `- \`${path}\``).join('\n');
  const sections = [
    ...(plan.take.includes(BOOTSTRAP_TEMPLATE)
      ? [
          '> [!IMPORTANT]',
          `> **\`${BOOTSTRAP_TEMPLATE}\` changed: rerun the bootstrap command from any Deploy run's summary after merging** ` +
            '(the collapsed block "AWS stack: the command that updates it"; paste it into AWS CloudShell). Until then the AWS stack keeps the old roles and settings.',
          '',
        ]
      : []),
    `Changes from the template [${template}](https://github.com/${template}) at \`${commit.slice(0, 7)}\`, except the paths in \`${IGNORE_FILE}\` (your config/ is never touched).`,
    '',
    `**Taken from the template** (${plan.take.length}):`,
    list(plan.take) || '- none',
  ];
  if (plan.changedHere.length > 0) {
    sections.push(
      '',
      `**Changed on your side, not updated** (${plan.changedHere.length}; the template's docs are taken only while your copy is one the template had):`,
      list(plan.changedHere),
      '',
      `Compare them with the template's: \`git fetch https://github.com/${template}.git ${commit} && git diff HEAD FETCH_HEAD -- ${shellWords(plan.changedHere)}\`.`,
    );
  }
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
  // Only a sync that takes files opens a pull request (and starts CI on its branch).
  if (plan.take.length > 0) sections.push(
    '',
    `**CI**: a pull request opened with the workflow's \`GITHUB_TOKEN\` starts no workflow, so the sync starts the CI workflow (\`${CI_WORKFLOW}\`) on this branch through \`workflow_dispatch\`, ` +
      'the one event GitHub lets that token trigger; its checks show on this pull request\'s commit. If none appear (an older `ci.yml` without `workflow_dispatch`, see the workflow files above), close and reopen the pull request to run them.',
  );
  return sections.join('\n');
}
