/**
 * `npm run build` (rollup + scripts/build/package-zip.mjs) for real, in a copy of the build inputs:
 * dist/index.mjs and dist/lambda.zip with index.mjs at the zip's root. The build goes through the
 * test run's shared {@link BuildCache}, so the workflow rehearsal (which runs `npm run build` in its
 * working copies, late in the run) reuses it instead of building again at the end of the suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import t from 'tap';
import { BUILD_INPUTS, BuildCache, buildInputsHash } from '../../.github/workflows/harness/build-cache.js';
import { fillWorkspace, npmRun, REPO_ROOT } from '../helpers/build-workspace.js';
t.setTimeout(600_000);

t.test('npm run build bundles src/ into dist/index.mjs and dist/lambda.zip (index.mjs at its root)', async (t) => {
  // Prepare: the build inputs only, node_modules linked.
  const workspace = fillWorkspace(t.testdir({}), BUILD_INPUTS);
  t.equal(buildInputsHash(workspace), buildInputsHash(REPO_ROOT), 'the copy has the repository\'s build inputs');

  // Act: build, or take the build of identical inputs from earlier in this run or an earlier run.
  const cache = new BuildCache();
  const cached = cache.lookup(workspace);
  if (cached === undefined) {
    const built = await npmRun('build', workspace);
    t.equal(built.code, 0, `npm run build succeeds${built.code === 0 ? '' : `:\n${built.output}`}`);
    cache.store(workspace);
  } else {
    cache.restore(workspace, cached);
  }
  t.equal(cache.stats.built + cache.stats.reused, 1, 'one build, run or reused');

  // Assess
  t.ok(existsSync(join(workspace, 'dist', 'index.mjs')), 'dist/index.mjs');
  const entries = unzipSync(readFileSync(join(workspace, 'dist', 'lambda.zip')));
  t.ok('index.mjs' in entries, 'the zip has index.mjs at its root');
  t.same(entries['index.mjs'], readFileSync(join(workspace, 'dist', 'index.mjs')), 'the zip holds the bundle as built');
  t.match(readFileSync(join(workspace, 'dist', 'index.mjs'), 'utf8'), /export\s*\{[^}]*\bhandler\b/, 'the bundle exports handler');
});
