/**
 * Tests for scripts/build/ensure-build.mjs (run before `npm run demo`, `invoke` and `bench`): it builds
 * only when dist/ is missing or older than its sources, in a small stand-in project.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';
import t, { type Test } from 'tap';
import { UNCOVERED_CHILD_ENV } from '../smoke/smoke-fake-bundle.js';

t.setTimeout(90_000);

const SCRIPT = readFileSync(resolve(import.meta.dirname, '..', '..', '..', 'scripts', 'build', 'ensure-build.mjs'), 'utf8');

/** A project whose `npm run build` writes dist/ and counts its runs in builds.log (or fails with FAIL=1). */
function project(t: Test): string {
  return t.testdir({
    'package.json': JSON.stringify({ name: 'stand-in', private: true, type: 'module', scripts: { build: 'node build.mjs' } }),
    'build.mjs': [
      "import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';",
      "if (process.env.FAIL === '1') { console.error('rollup: syntax error'); process.exit(1); }",
      "mkdirSync('dist', { recursive: true });",
      "writeFileSync('dist/index.mjs', 'export const handler = async () => ({});');",
      "writeFileSync('dist/lambda.zip', 'zip');",
      "appendFileSync('builds.log', 'built\\n');",
      "console.log('bundle: 1 KB');",
    ].join('\n'),
    scripts: { build: { 'ensure-build.mjs': SCRIPT, 'package-zip.mjs': '' } },
    src: { 'handler.ts': 'export {};\n' },
  });
}

function ensure(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(dir, 'scripts', 'build', 'ensure-build.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...UNCOVERED_CHILD_ENV, ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function builds(dir: string): number {
  try {
    return readFileSync(join(dir, 'builds.log'), 'utf8').split('\n').filter(Boolean).length;
  } catch {
    return 0;
  }
}

t.test('builds when dist/ is missing, then not again until a source changes', (t) => {
  const dir = project(t);

  const first = ensure(dir);
  t.equal(first.code, 0, first.stderr);
  t.match(first.stderr, /^Building dist\/ \(dist\/index\.mjs is missing\) \.\.\.\nbundle: 1 KB\n$/, "the build's output goes to stderr");
  t.equal(first.stdout, '', 'stdout stays free for the tool that runs next');
  t.equal(builds(dir), 1);

  const second = ensure(dir);
  t.match(second, { code: 0, stderr: 'dist/ is up to date\n' });
  t.equal(builds(dir), 1, 'no second build');

  const later = new Date(Date.now() + 60_000);
  utimesSync(join(dir, 'src', 'handler.ts'), later, later);
  const check = ensure(dir, ['--check']);
  t.match(check, { code: 1, stderr: 'dist/ needs a build: src/handler.ts changed after the last build\n' });
  t.equal(builds(dir), 1, '--check never builds');

  const third = ensure(dir);
  t.match(third, { code: 0, stderr: /^Building dist\/ \(src\/handler\.ts changed after the last build\)/ });
  t.equal(builds(dir), 2);
  t.end();
});

t.test('a failed build stops the script that needed it', (t) => {
  const dir = project(t);
  const result = ensure(dir, [], { FAIL: '1' });
  t.equal(result.code, 1);
  t.match(result.stderr, /rollup: syntax error\nnpm run build failed \(exit 1\); fix the error above, then run this again\n$/);
  t.end();
});
