/**
 * scripts/ci/suite-key.mjs: the test job skips the suite for code whose suite already passed. The key
 * must change with anything the suite or the lint reads, and must not change with the user's settings.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { codeFiles, suiteKey } from '../../../scripts/ci/suite-key.mjs';

const repo = (t: Test) =>
  t.testdir({
    src: { 'handler.ts': 'export const handler = 1;' },
    test: { 'handler.test.ts': 'test' },
    'package-lock.json': '{}',
    '.github': { workflows: { 'deploy.yml': 'on: push' } },
    'README.md': 'docs the tests check',
    config: { 'parameters.yaml': 'homeassistant: {}' },
    'skill-package': { 'skill.json': '{}' },
    node_modules: { x: { 'index.js': '' } },
    dist: { 'lambda.zip': 'zip' },
  });

t.test("the user's settings and build output are not code; everything else is", (t) => {
  t.same(codeFiles(repo(t)), ['.github/workflows/deploy.yml', 'README.md', 'package-lock.json', 'src/handler.ts', 'test/handler.test.ts']);
  t.end();
});

t.test('a config/ or skill-package/ edit keeps the key; a code, test, lockfile or workflow edit changes it', (t) => {
  const root = repo(t);
  const before = suiteKey(root, 'Linux');
  t.match(before, /^suite-linux-[0-9a-f]{64}$/);
  writeFileSync(join(root, 'config', 'parameters.yaml'), 'homeassistant: { url: https://my.home }');
  writeFileSync(join(root, 'skill-package', 'skill.json'), '{"edited":true}');
  writeFileSync(join(root, 'dist', 'lambda.zip'), 'rebuilt');
  t.equal(suiteKey(root, 'Linux'), before, 'settings and build output do not count');
  for (const file of ['src/handler.ts', 'test/handler.test.ts', 'package-lock.json', '.github/workflows/deploy.yml']) {
    const path = join(root, file);
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, `${original} `);
    t.not(suiteKey(root, 'Linux'), before, `${file} counts`);
    writeFileSync(path, original);
  }
  t.equal(suiteKey(root, 'Linux'), before, 'restored: the same key again');
  t.not(suiteKey(root, 'macOS'), before, 'the runner OS counts');
  t.end();
});

t.test('the command line writes key=<key> to GITHUB_OUTPUT', (t) => {
  const root = repo(t);
  const output = join(root, '..', 'out');
  writeFileSync(output, '');
  const script = new URL('../../../scripts/ci/suite-key.mjs', import.meta.url).pathname;
  const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8', env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, RUNNER_OS: 'Linux' } });
  t.equal(run.status, 0, run.stderr);
  t.equal(readFileSync(output, 'utf8'), `key=${suiteKey(root, 'Linux')}\n`);
  t.end();
});
