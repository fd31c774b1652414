/**
 * `npm run build:tools`: the deploy-side commands as plain Node files (dist/tools/), the only code the
 * workflow jobs that hold keys run. Each must run from a folder where no node_modules is reachable,
 * as on a runner that installed nothing. The build goes through the test run's shared tools cache,
 * so the workflow rehearsal, late in the run, copies it instead of building again.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { restoreTools, storeTools, TOOLS_INPUTS, toolsInputsHash } from '../../.github/workflows/harness/tools-cache.js';
import { fillWorkspace, npmRun, REPO_ROOT } from '../helpers/build-workspace.js';
t.setTimeout(600_000);

/** The commands the workflows call as `node dist/tools/<name>.mjs`. */
function commandsTheWorkflowsRun(): string[] {
  const dir = join(REPO_ROOT, '.github', 'workflows');
  const names = new Set<string>();
  for (const file of readdirSync(dir)) for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/node dist\/tools\/([\w-]+)\.mjs/g)) names.add(match[1] as string);
  return [...names].sort();
}

t.test('every command a workflow runs is built into dist/tools/ and runs with plain Node, no node_modules in reach', async (t) => {
  const workspace = fillWorkspace(t.testdir({}), TOOLS_INPUTS);
  t.equal(toolsInputsHash(workspace), toolsInputsHash(REPO_ROOT), "the copy has the repository's sources");
  if (!restoreTools(workspace)) {
    const built = await npmRun('build:tools', workspace);
    t.equal(built.code, 0, `npm run build:tools succeeds${built.code === 0 ? '' : `:\n${built.output}`}`);
    storeTools(workspace);
  }

  // A runner that installed nothing: the tools alone, in a folder outside the project.
  const runner = mkdtempSync(join(tmpdir(), 'ha-alexa-runner-'));
  cpSync(join(workspace, 'dist', 'tools'), join(runner, 'dist', 'tools'), { recursive: true });
  const commands = commandsTheWorkflowsRun();
  t.ok(commands.length >= 10, `the workflows run ${commands.join(', ')}`);
  for (const command of commands) {
    const path = join(runner, 'dist', 'tools', `${command}.mjs`);
    t.ok(existsSync(path), `dist/tools/${command}.mjs is built`);
    const run = spawnSync(process.execPath, [path, '--help'], { cwd: runner, encoding: 'utf8', env: { PATH: process.env.PATH } });
    t.equal(run.status, 0, `node dist/tools/${command}.mjs --help runs: ${run.stderr.slice(0, 400)}`);
    t.match(run.stdout, /usage:/i, `${command} prints its usage`);
  }
  // Static imports were resolved by the runs above; the dynamic ones (lazy chunks) must be Node's
  // builtins or the bundle's own files too.
  const files = readdirSync(join(runner, 'dist', 'tools'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.mjs'));
  const bare = files.flatMap((file) =>
    [...readFileSync(join(runner, 'dist', 'tools', file), 'utf8').matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)]
      .map((match) => match[1] as string)
      .filter((specifier) => !specifier.startsWith('.') && !builtinModules.includes(specifier.replace(/^node:/, '')))
      .map((specifier) => `${file}: ${specifier}`),
  );
  t.same(bare, [], 'no tool loads a package at run time');
});
