/**
 * scripts/build/checksums.mjs: the build job's record of what it built, which the deploy job checks
 * with `sha256sum --check --strict` before it runs anything it downloaded.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { listFiles, SUMS_FILE, writeChecksums } from '../../../scripts/build/checksums.mjs';

function dist(t: Test): string {
  const root = t.testdir({ 'lambda.zip': 'zip bytes', tools: { 'deploy-lambda.mjs': 'export {}', chunks: { 'aws-1.mjs': 'export {}' } }, 'index.mjs': 'not listed' });
  return root;
}

const sha256sum = (cwd: string) => spawnSync('sha256sum', ['--check', '--strict', '--quiet', SUMS_FILE], { cwd, encoding: 'utf8' });

t.test('lists exactly the given paths, sorted, and sha256sum verifies the file it writes', (t) => {
  const root = dist(t);
  t.same(listFiles(root, ['tools', 'lambda.zip']), ['lambda.zip', 'tools/chunks/aws-1.mjs', 'tools/deploy-lambda.mjs']);
  const { digest, files } = writeChecksums(root, ['lambda.zip', 'tools']);
  t.equal(files, 3);
  t.match(digest, /^[0-9a-f]{64}$/);
  t.equal(sha256sum(root).status, 0, 'sha256sum --check accepts the untouched files');
  t.end();
});

t.test('a file changed after the build is caught, and so is a changed record', (t) => {
  const root = dist(t);
  const first = writeChecksums(root, ['lambda.zip', 'tools']).digest;
  writeFileSync(join(root, 'tools', 'deploy-lambda.mjs'), 'export const evil = 1;');
  t.not(sha256sum(root).status, 0, 'a tampered tool fails the check');
  const second = writeChecksums(root, ['lambda.zip', 'tools']).digest;
  t.not(second, first, 'and a rewritten record has another digest than the build job recorded');
  t.end();
});

t.test('the same files give the same digest (the build is reproducible, so is its record)', (t) => {
  const a = writeChecksums(dist(t), ['lambda.zip', 'tools']).digest;
  const b = writeChecksums(dist(t), ['lambda.zip', 'tools']).digest;
  t.equal(a, b);
  t.end();
});

t.test('a missing path is an error that says to build first; an empty folder is refused', (t) => {
  const root = t.testdir({});
  t.throws(() => writeChecksums(root, ['lambda.zip']), /lambda\.zip does not exist: run npm run build/);
  mkdirSync(join(root, 'tools'));
  t.throws(() => writeChecksums(root, ['tools']), /hold no files/);
  t.end();
});

t.test('the command line writes sha256=<digest> to GITHUB_OUTPUT', (t) => {
  const root = dist(t);
  const output = join(root, 'github-output');
  writeFileSync(output, '');
  const script = new URL('../../../scripts/build/checksums.mjs', import.meta.url).pathname;
  const run = spawnSync(process.execPath, [script, root, 'lambda.zip', 'tools'], { encoding: 'utf8', env: { PATH: process.env.PATH, GITHUB_OUTPUT: output } });
  t.equal(run.status, 0, run.stderr);
  const digest = /^sha256=([0-9a-f]{64})$/m.exec(readFileSync(output, 'utf8'))?.[1];
  t.ok(digest, 'the output holds the digest');
  t.match(run.stdout, `3 files, sha256 ${digest ?? ''}`);
  const bad = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  t.equal(bad.status, 1);
  t.match(bad.stderr, /usage: node scripts\/build\/checksums\.mjs/);
  t.end();
});
