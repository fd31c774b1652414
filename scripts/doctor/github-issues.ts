/**
 * The few GitHub REST calls the watchman makes, with `fetch` against `GITHUB_API_URL` (GitHub
 * Enterprise and the tests' fake set it) and the workflow's `GITHUB_TOKEN`.
 *
 * @see https://docs.github.com/en/rest/issues/issues
 */
import { ScriptError } from '../shared/errors.js';

export interface GitHubIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly state: string;
  readonly html_url?: string;
  readonly pull_request?: unknown;
}

export interface GitHubTarget {
  readonly apiUrl: string;
  readonly repository: string;
  readonly token: string;
}

const REPOSITORY = /^[\w.-]+\/[\w.-]+$/;

/** `GITHUB_API_URL` (default https://api.github.com), `GITHUB_REPOSITORY` and `GITHUB_TOKEN`, checked. */
export function githubTarget(env: NodeJS.ProcessEnv): GitHubTarget {
  const repository = env.GITHUB_REPOSITORY?.trim() ?? '';
  if (!REPOSITORY.test(repository)) throw new ScriptError(`GITHUB_REPOSITORY must be owner/name (GitHub Actions sets it); got "${repository}"`);
  const token = env.GITHUB_TOKEN?.trim();
  if (!token) throw new ScriptError('GITHUB_TOKEN is not set: pass it to the step (env: GITHUB_TOKEN: ${{ github.token }}) with permissions: issues: write');
  const apiUrl = (env.GITHUB_API_URL?.trim() || 'https://api.github.com').replace(/\/+$/, '');
  return { apiUrl, repository, token };
}

export class GitHubIssues {
  readonly #target: GitHubTarget;

  constructor(target: GitHubTarget) {
    this.#target = target;
  }

  /** Open issues (not pull requests) carrying `label`, newest first. */
  async listOpen(label: string): Promise<GitHubIssue[]> {
    const issues = await this.#call<GitHubIssue[]>('GET', `/issues?state=open&labels=${encodeURIComponent(label)}&per_page=100&sort=created&direction=desc`);
    return issues.filter((issue) => issue.pull_request === undefined);
  }

  create(title: string, body: string, labels: readonly string[]): Promise<GitHubIssue> {
    return this.#call('POST', '/issues', { title, body, labels });
  }

  update(issue: number, fields: { title?: string; body?: string; state?: 'open' | 'closed'; state_reason?: 'completed' }): Promise<GitHubIssue> {
    return this.#call('PATCH', `/issues/${issue}`, fields);
  }

  async comment(issue: number, body: string): Promise<void> {
    await this.#call('POST', `/issues/${issue}/comments`, { body });
  }

  async #call<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
    const { apiUrl, repository, token } = this.#target;
    const what = `${method} /repos/${repository}${path.split('?')[0] ?? ''}`;
    let response: Response;
    try {
      response = await fetch(`${apiUrl}/repos/${repository}${path}`, {
        method,
        headers: {
          Accept: 'application/vnd.github+json',
          Authorization: `Bearer ${token}`,
          'X-GitHub-Api-Version': '2022-11-28',
          'User-Agent': 'ha-alexa-doctor',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new ScriptError(`${what}: GitHub did not answer (${error instanceof Error ? error.message : String(error)})`);
    }
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 200);
      try {
        const parsed = (JSON.parse(text) as { message?: unknown }).message;
        if (typeof parsed === 'string') message = parsed;
      } catch {
        // keep the text
      }
      const hint = response.status === 403 || response.status === 401 ? ': the workflow needs `permissions: issues: write` and GITHUB_TOKEN' : '';
      throw new ScriptError(`${what}: GitHub answered ${response.status} (${message})${hint}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
