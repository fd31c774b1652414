/**
 * Records a file change straight on the default branch through GitHub's contents API, and starts a
 * workflow: the Skills workflow commits new skill IDs to config/skill.yaml with its GITHUB_TOKEN,
 * then dispatches Deploy, because a commit made with GITHUB_TOKEN starts no workflow while a
 * workflow_dispatch does.
 *
 * @see https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
 * @see https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
 * @see https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/triggering-a-workflow#triggering-a-workflow-from-a-workflow
 */
import { ScriptError } from '../shared/errors.js';
import { createApi, type GitHubTarget } from './github-pull-request.js';
import { redact, stringField } from './http-json.js';

/** GitHub refused to write the default branch itself (branch protection or a ruleset): a pull request is the way in. */
export class BranchProtectedError extends ScriptError {
  constructor(message: string) {
    super(message);
    this.name = 'BranchProtectedError';
  }
}

export interface BranchCommit {
  path: string;
  /** The new text from the current one; returning it unchanged commits nothing. */
  edit: (current: string) => string;
  message: string;
}

/** A write refused because of the branch's rules, not because of a stale sha. */
const PROTECTION = /protected branch|rule violation|rules? (?:violation|require)|must be made through a pull request|required status check/i;

/**
 * Commits the edited file on the default branch. A 409 for a stale sha (someone pushed in between)
 * reads the file again and retries once; 403 or 422, or a 409 naming the branch's rules, throws
 * {@link BranchProtectedError}.
 *
 * @returns the branch and the commit's SHA, or undefined when the branch already holds the change
 */
export async function commitOnDefaultBranch(target: GitHubTarget, change: BranchCommit): Promise<{ branch: string; sha: string } | undefined> {
  const api = createApi(target);
  const base = stringField((await api('GET', '', 'read the repository')).body, 'default_branch') ?? 'main';
  for (let attempt = 1; ; attempt += 1) {
    const file = (await api('GET', `/contents/${change.path}?ref=${encodeURIComponent(base)}`, `read ${change.path}`)).body as { content?: string; sha?: string } | undefined;
    const current = Buffer.from(file?.content ?? '', 'base64').toString('utf8');
    const next = change.edit(current);
    if (next === current) return undefined;
    const put = await api('PUT', `/contents/${change.path}`, `commit ${change.path} on ${base}`, { message: change.message, content: Buffer.from(next, 'utf8').toString('base64'), sha: file?.sha, branch: base }, [403, 409, 422]);
    if (put.status < 300) return { branch: base, sha: stringField((put.body as { commit?: unknown } | undefined)?.commit, 'sha') ?? '' };
    const message = redact(stringField(put.body, 'message') ?? `HTTP ${put.status}`, [target.token]);
    if (put.status === 409 && !PROTECTION.test(message) && attempt === 1) continue;
    if (put.status === 403 && /not accessible by integration/i.test(message)) {
      throw new ScriptError(`GitHub refused to commit ${change.path} on ${base} (403 ${message}): the Skills workflow needs permissions contents: write`);
    }
    throw new BranchProtectedError(`GitHub refused to commit ${change.path} on ${base} (${put.status} ${message})`);
  }
}

/**
 * Starts `workflow` (a file name in .github/workflows) on `ref`, as the Run workflow button does.
 *
 * @throws ScriptError naming the permission (actions: write) or the missing workflow_dispatch trigger
 */
export async function dispatchWorkflow(target: GitHubTarget, workflow: string, ref: string, inputs: Record<string, string> = {}): Promise<void> {
  const api = createApi(target);
  const answer = await api('POST', `/actions/workflows/${encodeURIComponent(workflow)}/dispatches`, `start ${workflow}`, { ref, inputs }, [403, 404, 422]);
  if (answer.status < 300) return;
  const message = redact(stringField(answer.body, 'message') ?? `HTTP ${answer.status}`, [target.token]);
  const hint =
    answer.status === 403
      ? ': the workflow needs permissions actions: write'
      : answer.status === 404
        ? `: .github/workflows/${workflow} is not on ${ref}`
        : `: .github/workflows/${workflow} must have a workflow_dispatch trigger that accepts these inputs`;
  throw new ScriptError(`GitHub refused to start ${workflow} (${answer.status} ${message})${hint}`);
}
