import t from 'tap';
import type { Test } from 'tap';
import { createRun } from '../helpers/recorder.js';
import { assertNoSecretPart } from '../../fixtures/secret-leaks.js';
import { startLoopbackServer } from '../../fixtures/loopback-server.js';
import { ENV_REPOSITORY, ENV_TOKEN, startFakeGitHubEnvironments, type FakeEnvironment } from '../../fixtures/fake-github-environments.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { annotation, environmentSetupCommands, main } from '../../../scripts/ci/environment-check.js';

type Fake = Awaited<ReturnType<typeof startFakeGitHubEnvironments>>;

const MAIN_ONLY: FakeEnvironment = { deployment_branch_policy: { protected_branches: false, custom_branch_policies: true }, branch_policies: [{ id: 7, name: 'main', type: 'branch' }] };
const custom = (...branch_policies: FakeEnvironment['branch_policies']): FakeEnvironment => ({ deployment_branch_policy: { protected_branches: false, custom_branch_policies: true }, branch_policies });

async function useFake(t: Test, environments: Record<string, FakeEnvironment> = {}): Promise<Fake> {
  const fake = await startFakeGitHubEnvironments(environments);
  t.teardown(() => fake.close());
  return fake;
}

/** Runs the check through runCli, as `npm run check:environment` does, and checks nothing leaked the token. */
async function check(t: Test, env: NodeJS.ProcessEnv, argv: string[] = []) {
  const run = createRun(env);
  const code = await runCli('check:environment', main, argv, run.env, run.io);
  const out = { code, log: run.io.text(), summary: run.summary() };
  assertNoSecretPart(t, `${out.log}\n${out.summary}`, [ENV_TOKEN], 'log and summary');
  return out;
}

/** The fix, as the user would paste it: these are the commands for this repository. */
const FIX = environmentSetupCommands(ENV_REPOSITORY);

t.test('only branch main may deploy: one OK line, no annotation, no summary', async (t) => {
  const fake = await useFake(t, { production: MAIN_ONLY });
  const { code, log, summary } = await check(t, fake.env);
  t.equal(code, 0);
  t.equal(log, 'production environment: only branch main may deploy (custom deployment branch rule).');
  t.equal(summary, '');
  t.same(fake.requests, [`GET /repos/${ENV_REPOSITORY}/environments/production`, `GET /repos/${ENV_REPOSITORY}/environments/production/deployment-branch-policies?per_page=100`]);
});

t.test('a main rule without `type` (older answers) is a branch rule', async (t) => {
  const fake = await useFake(t, { production: custom({ id: 7, name: 'main' }) });
  const { code, log } = await check(t, fake.env);
  t.equal(code, 0);
  t.match(log, /^production environment: only branch main may deploy/);
});

t.test('protected branches only: accepted, and the line says what it means', async (t) => {
  const fake = await useFake(t, { production: { deployment_branch_policy: { protected_branches: true, custom_branch_policies: false }, branch_policies: [] } });
  const { code, log, summary } = await check(t, fake.env);
  t.equal(code, 0);
  t.equal(log, 'production environment: only protected branches may deploy (deployment_branch_policy.protected_branches); keep main the only protected branch, or switch to a rule for main alone.');
  t.equal(summary, '');
  t.equal(fake.requests.length, 1, 'no rules to list');
});

t.test('no branch rule (what SETUP.md created): a warning annotation, the summary paragraph and the commands, exit 0', async (t) => {
  const fake = await useFake(t, { production: { deployment_branch_policy: null, branch_policies: [] } });
  const { code, log, summary } = await check(t, fake.env);
  t.equal(code, 0, 'a warning, never a failed deploy');
  const lines = log.split('\n');
  t.equal(
    lines[0],
    "::warning title=production environment::every branch may deploy to production (it has no deployment branch rule): a job on another branch that names environment: production gets the deploy role's AWS credentials and the HA_TOKEN secret. The job summary has the gh commands that limit it to main.",
  );
  t.same(lines.slice(1), FIX, 'the commands in the log too');
  t.equal(
    summary,
    [
      '> [!WARNING]',
      "> **production environment:** every branch may deploy to `production` (it has no deployment branch rule): a job on another branch that names `environment: production` gets the deploy role's AWS credentials and the HA_TOKEN secret.",
      '',
      'Limit it to `main` (repository admin, where `gh` is logged in):',
      '',
      '```sh',
      ...FIX,
      '```',
      '',
      '',
    ].join('\n'),
  );
});

t.test('rules that admit more than main: each named, and a DELETE for each', async (t) => {
  const fake = await useFake(t, { production: custom({ id: 7, name: 'main', type: 'branch' }, { id: 8, name: '*', type: 'branch' }, { id: 9, name: 'release/*', type: 'branch' }, { id: 10, name: 'v*', type: 'tag' }) });
  const { code, log, summary } = await check(t, fake.env);
  t.equal(code, 0);
  t.match(log, /^::warning title=production environment::production admits more than branch main \(branch rule \*, branch rule release\/\*, tag rule v\*\): a job on another branch/);
  const deletes = [8, 9, 10].map((id) => `gh api --method DELETE "repos/${ENV_REPOSITORY}/environments/production/deployment-branch-policies/${id}"`);
  t.same(log.split('\n').slice(1), [...FIX, ...deletes]);
  t.match(summary, '> **production environment:** `production` admits more than branch `main` (branch rule `*`, branch rule `release/*`, tag rule `v*`)');
  t.match(summary, deletes.join('\n'));
});

t.test('a tag rule named main is not the branch main', async (t) => {
  const fake = await useFake(t, { production: custom({ id: 11, name: 'main', type: 'tag' }) });
  const { code, log, summary } = await check(t, fake.env);
  t.equal(code, 0);
  t.match(log, /::warning title=production environment::production admits more than branch main \(tag rule main\)/);
  t.match(summary, '> [!WARNING]');
});

t.test('custom rules with none for main: a warning that the deploy job will be refused', async (t) => {
  const fake = await useFake(t, { production: custom() });
  const { code, log, summary } = await check(t, fake.env);
  t.equal(code, 0);
  t.match(log, /^::warning title=production environment::production has custom deployment branch rules but none for branch main, so GitHub will refuse the deploy job\./);
  t.match(summary, FIX[1]!);
});

t.test('a policy with neither protected branches nor custom rules is open', async (t) => {
  const fake = await useFake(t, { production: { deployment_branch_policy: { protected_branches: false, custom_branch_policies: false }, branch_policies: [] } });
  const { code, log } = await check(t, fake.env);
  t.equal(code, 0);
  t.match(log, /::warning title=production environment::production's deployment branch policy sets neither/);
});

t.test('no environment yet (GitHub answers 404): a notice that the deploy job would create it without a rule, with the commands', async (t) => {
  const fake = await useFake(t);
  const { code, log, summary } = await check(t, fake.env);
  t.equal(code, 0);
  t.equal(
    log.split('\n')[0],
    "::notice title=production environment::the repository has no production environment yet: the deploy job will create it on first use WITHOUT a deployment branch rule, so any branch could then get the deploy role's AWS credentials and the HA_TOKEN secret. The job summary has the gh commands that create it limited to main.",
  );
  t.same(log.split('\n').slice(1), FIX);
  t.match(summary, /^> \[!NOTE\]\n> \*\*production environment:\*\* the repository has no `production` environment yet/);
  t.match(summary, FIX.join('\n'));
});

t.test('a token without actions: read (GitHub answers 403): a notice naming the permission, exit 0', async (t) => {
  const fake = await useFake(t, { production: MAIN_ONLY });
  fake.state.withoutActionsRead = true;
  const { code, log, summary } = await check(t, fake.env);
  t.equal(code, 0);
  t.equal(log, '::notice title=production environment::the deployment branch rule could not be checked: GitHub answered 403 (Resource not accessible by integration): give the job `permissions: actions: read` and GITHUB_TOKEN.');
  t.match(summary, '> [!NOTE]');
  t.notMatch(summary, 'gh api', 'nothing to fix that we know of');
});

t.test('a wrong token (401): a notice, and no piece of either token in the output', async (t) => {
  const fake = await useFake(t, { production: MAIN_ONLY });
  const wrong = 'ghs_Wr0ngQ7zX1kP9vB4nM6cL2tY8rJ5hG3dF0';
  const { code, log, summary } = await check(t, { ...fake.env, GITHUB_TOKEN: wrong });
  t.equal(code, 0);
  t.match(log, /could not be checked: GitHub answered 401 \(Bad credentials\): give the job `permissions: actions: read`/);
  assertNoSecretPart(t, `${log}\n${summary}`, [wrong], 'log and summary');
});

t.test('GitHub unreachable: a notice naming the host, exit 0', async (t) => {
  const closed = await startLoopbackServer(() => ({ status: 200 }));
  await closed.close();
  const { code, log } = await check(t, { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: ENV_REPOSITORY, GITHUB_TOKEN: ENV_TOKEN, GITHUB_API_URL: closed.url });
  t.equal(code, 0);
  t.match(log, `::notice title=production environment::the deployment branch rule could not be checked: cannot reach GitHub (GITHUB_API_URL) at ${closed.url}: ECONNREFUSED`);
});

t.test('GitHub echoing the token in a refusal: redacted', async (t) => {
  const echo = await startLoopbackServer((request) => ({ status: 403, body: { message: `token ${String(request.headers.authorization)} refused` } }));
  t.teardown(() => echo.close());
  const { code, log } = await check(t, { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: ENV_REPOSITORY, GITHUB_TOKEN: ENV_TOKEN, GITHUB_API_URL: `${echo.url}/` });
  t.equal(code, 0);
  t.match(log, 'GitHub answered 403 (token Bearer <redacted> refused)');
});

t.test('the rules list refused: a notice, exit 0', async (t) => {
  const fake = await useFake(t, { production: MAIN_ONLY });
  const server = await startLoopbackServer((request) =>
    request.path.endsWith('/deployment-branch-policies')
      ? { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/deployments/branch-policies#list-deployment-branch-policies', status: '403' } }
      : { status: 200, body: { name: 'production', deployment_branch_policy: MAIN_ONLY.deployment_branch_policy } },
  );
  t.teardown(() => server.close());
  const { code, log } = await check(t, { ...fake.env, GITHUB_API_URL: server.url });
  t.equal(code, 0);
  t.match(log, /GitHub answered 403 \(Resource not accessible by integration\): give the job `permissions: actions: read`/);
});

t.test('GitHub failing (500, no JSON): a notice with the status, no permission hint', async (t) => {
  const server = await startLoopbackServer(() => ({ status: 500 }));
  t.teardown(() => server.close());
  const { code, log } = await check(t, { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: ENV_REPOSITORY, GITHUB_TOKEN: ENV_TOKEN, GITHUB_API_URL: server.url });
  t.equal(code, 0);
  t.equal(log, '::notice title=production environment::the deployment branch rule could not be checked: GitHub answered 500 (HTTP 500).');
});

t.test('a rules list without branch_policies is no rule at all', async (t) => {
  const server = await startLoopbackServer((request) => ({ status: 200, body: request.path.endsWith('/deployment-branch-policies') ? { total_count: 0 } : { deployment_branch_policy: MAIN_ONLY.deployment_branch_policy } }));
  t.teardown(() => server.close());
  const { code, log } = await check(t, { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: ENV_REPOSITORY, GITHUB_TOKEN: ENV_TOKEN, GITHUB_API_URL: server.url });
  t.equal(code, 0);
  t.match(log, /none for branch main, so GitHub will refuse the deploy job/);
});

t.test('no GITHUB_TOKEN: a notice saying how to pass it', async (t) => {
  const { code, log } = await check(t, { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: ENV_REPOSITORY, GITHUB_TOKEN: '' });
  t.equal(code, 0);
  t.match(log, /::notice title=production environment::the deployment branch rule could not be checked: GITHUB_TOKEN is not set: .*permissions: actions: read/);
});

t.test('outside GitHub Actions: plain warning: lines and no summary file needed', async (t) => {
  const fake = await useFake(t, { production: { deployment_branch_policy: null, branch_policies: [] } });
  const { code, log } = await check(t, { ...fake.env, GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '' });
  t.equal(code, 0);
  t.match(log, /^warning: every branch may deploy to production/);
});

t.test('a GITHUB_REPOSITORY that is not owner/name fails the step (the workflow is wrong, not the environment)', async (t) => {
  const { code, log } = await check(t, { GITHUB_ACTIONS: '', GITHUB_REPOSITORY: 'nope', GITHUB_TOKEN: ENV_TOKEN });
  t.equal(code, 1);
  t.match(log, 'check:environment: GITHUB_REPOSITORY must be owner/name');
  const unset = createRun({ GITHUB_TOKEN: ENV_TOKEN });
  delete unset.env.GITHUB_REPOSITORY;
  t.equal(await runCli('check:environment', main, [], unset.env, unset.io), 1);
  t.match(unset.io.text(), 'got ""');
});

t.test('--help prints the usage; an unknown option is refused', async (t) => {
  t.match((await check(t, {}, ['--help'])).log, 'usage: npm run check:environment');
  const unknown = await check(t, {}, ['--branch', 'x']);
  t.equal(unknown.code, 1);
  t.match(unknown.log, /Unknown option '--branch'.*usage: npm run check:environment/);
});

t.test('annotations escape what the runner would read as the end of the message or a property', async (t) => {
  t.equal(annotation({ GITHUB_ACTIONS: 'true' }, 'warning', '100% sure\nnext'), '::warning title=production environment::100%25 sure%0Anext');
  t.equal(annotation({}, 'notice', 'plain'), 'notice: plain');
});

t.test('environmentSetupCommands: the two commands, with a shell variable for SETUP.md', async (t) => {
  t.same(environmentSetupCommands('$REPO'), [
    `gh api --method PUT "repos/$REPO/environments/production" -F 'deployment_branch_policy[protected_branches]=false' -F 'deployment_branch_policy[custom_branch_policies]=true'`,
    `gh api --method POST "repos/$REPO/environments/production/deployment-branch-policies" -f name=main -f type=branch`,
  ]);
});

/** Splits a command as a POSIX shell would for these commands: words, '…' and "…" (with $REPO left alone). */
function shellWords(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/**
 * Sends a `gh api` command to the fake the way gh does: `-F` converts true/false/null and integers to
 * JSON, `-f` keeps strings, `key[subkey]=value` nests (gh's manual: "To pass nested parameters in the
 * request payload, use key[subkey]=value syntax").
 */
async function ghApi(fake: Fake, command: string): Promise<number> {
  const [gh, api, ...args] = shellWords(command);
  if (gh !== 'gh' || api !== 'api') throw new Error(`not a gh api command: ${command}`);
  let method = 'GET';
  let endpoint = '';
  const body: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--method') method = args[++i]!;
    else if (arg === '-F' || arg === '-f') {
      const [key = '', raw = ''] = args[++i]!.split(/=(.*)/s);
      const value = arg === '-f' ? raw : raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : /^-?\d+$/.test(raw) ? Number(raw) : raw;
      const nested = /^(\w+)\[(\w+)\]$/.exec(key);
      if (nested) body[nested[1]!] = { ...(body[nested[1]!] as Record<string, unknown> | undefined), [nested[2]!]: value };
      else body[key] = value;
    } else endpoint = arg;
  }
  const response = await fetch(`${fake.url}/${endpoint}`, {
    method,
    redirect: 'manual',
    headers: { Authorization: `Bearer ${ENV_TOKEN}`, 'Content-Type': 'application/json' },
    ...(Object.keys(body).length > 0 ? { body: JSON.stringify(body) } : {}),
  });
  await response.arrayBuffer();
  return response.status;
}

t.test("the warning's commands, run against GitHub's documented API, leave only branch main", async (t) => {
  const starts: Record<string, Record<string, FakeEnvironment>> = {
    'no environment': {},
    'no branch rule': { production: { deployment_branch_policy: null, branch_policies: [] } },
    'protected branches': { production: { deployment_branch_policy: { protected_branches: true, custom_branch_policies: false }, branch_policies: [] } },
    'main and wildcards': { production: custom({ id: 7, name: 'main', type: 'branch' }, { id: 8, name: '*', type: 'branch' }, { id: 10, name: 'v*', type: 'tag' }) },
  };
  for (const [name, environments] of Object.entries(starts)) {
    const fake = await useFake(t, environments);
    const first = await check(t, fake.env);
    const commands = first.log.split('\n').filter((line) => line.startsWith('gh api '));
    if (name === 'protected branches') commands.push(...environmentSetupCommands(ENV_REPOSITORY));
    const statuses = [];
    for (const command of commands) statuses.push(await ghApi(fake, command.replace('$REPO', ENV_REPOSITORY)));
    t.ok(statuses.every((status) => status === 200 || status === 204 || status === 303), `${name}: GitHub accepts every command`, { statuses });
    const after = await check(t, fake.env);
    t.equal(after.log, 'production environment: only branch main may deploy (custom deployment branch rule).', `${name}: then the check passes`);
  }
});

t.test('the commands are safe to run twice (GitHub answers 303 for a rule it has)', async (t) => {
  const fake = await useFake(t, { production: MAIN_ONLY });
  const statuses = [];
  for (const command of FIX) statuses.push(await ghApi(fake, command));
  t.same(statuses, [200, 303]);
  t.same(fake.state.environments.get('production')?.branch_policies.map((policy) => policy.name), ['main']);
});
