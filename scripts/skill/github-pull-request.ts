/**
 * Proposes a change to one file as a pull request through GitHub's REST API, with the workflow's
 * GITHUB_TOKEN (no git push, so the checkout keeps `persist-credentials: false`). The branch is
 * reset to the default branch each time, so running twice updates the same pull request.
 *
 * @see https://docs.github.com/en/rest/repos/contents#create-or-update-file-contents
 * @see https://docs.github.com/en/rest/pulls/pulls#create-a-pull-request
 */
import { ScriptError } from '../shared/errors.js';
import { fetchJson, redact, stringField, type JsonResponse } from './http-json.js';

export interface GitHubTarget {
  /** GITHUB_API_URL, e.g. https://api.github.com */
  apiUrl: string;
  /** GITHUB_REPOSITORY, `owner/name` */
  repository: string;
  token: string;
}

export interface FileChange {
  path: string;
  /** The new text, from the current one; returning it unchanged means nothing to propose. */
  edit: (current: string) => string;
  branch: string;
  title: string;
  body: string;
}

/** The pull request's address, or undefined when the default branch already holds the change. */
export async function proposeFileChange(target: GitHubTarget, change: FileChange): Promise<string | undefined> {
  const api = createApi(target);
  const repo = (await api('GET', '', 'read the repository')).body;
  const base = stringField(repo, 'default_branch') ?? 'main';
  const ref = (await api('GET', `/git/ref/heads/${base}`, `read branch ${base}`)).body as { object?: { sha?: string } } | undefined;
  const baseSha = ref?.object?.sha ?? '';
  const file = (await api('GET', `/contents/${change.path}?ref=${encodeURIComponent(base)}`, `read ${change.path}`)).body as { content?: string; sha?: string } | undefined;
  const current = Buffer.from(file?.content ?? '', 'base64').toString('utf8');
  const next = change.edit(current);
  if (next === current) return undefined;

  const created = await api('POST', '/git/refs', `create branch ${change.branch}`, { ref: `refs/heads/${change.branch}`, sha: baseSha }, [422]);
  if (created.status === 422) await api('PATCH', `/git/refs/heads/${change.branch}`, `reset branch ${change.branch}`, { sha: baseSha, force: true });
  await api('PUT', `/contents/${change.path}`, `commit ${change.path}`, { message: change.title, content: Buffer.from(next, 'utf8').toString('base64'), sha: file?.sha, branch: change.branch });

  const owner = target.repository.split('/')[0] ?? '';
  const open = (await api('GET', `/pulls?state=open&base=${encodeURIComponent(base)}&head=${encodeURIComponent(`${owner}:${change.branch}`)}`, 'list pull requests')).body;
  const existing = Array.isArray(open) ? stringField(open[0], 'html_url') : undefined;
  if (existing) return existing;
  const pull = await api('POST', '/pulls', 'open the pull request', { title: change.title, head: change.branch, base, body: change.body });
  return stringField(pull.body, 'html_url');
}

/** A caller for the repository's REST API; a status outside 2xx and `accept` throws a ScriptError naming `what`. */
export function createApi(target: GitHubTarget) {
  const root = `${target.apiUrl.replace(/\/+$/, '')}/repos/${target.repository}`;
  return async (method: string, path: string, what: string, body?: unknown, accept: readonly number[] = []): Promise<JsonResponse> => {
    const response = await fetchJson(
      `${root}${path}`,
      {
        method,
        headers: {
          Authorization: `Bearer ${target.token}`,
          Accept: 'application/vnd.github+json',
          'X-GitHub-Api-Version': '2022-11-28',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      'GitHub (GITHUB_API_URL)',
    );
    if (response.status < 300 || accept.includes(response.status)) return response;
    const message = redact(stringField(response.body, 'message') ?? `HTTP ${response.status}`, [target.token]);
    const hint = /not permitted to create or approve pull requests/i.test(message)
      ? ': allow it under Settings → Actions → General → Workflow permissions ("Allow GitHub Actions to create and approve pull requests")'
      : response.status === 403 || response.status === 404
        ? ': the workflow needs permissions contents: write and pull-requests: write'
        : '';
    throw new ScriptError(`GitHub refused to ${what} (${response.status} ${message})${hint}`);
  };
}
