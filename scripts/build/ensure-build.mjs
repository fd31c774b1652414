#!/usr/bin/env node
// Builds the bundle (`npm run build`) when dist/ is missing or older than its sources, so that
// `npm run demo`, `npm run invoke` and `npm run bench` always run the current code.
// Plain JavaScript on purpose: it runs before anything else, with the machine's Node.
//
// Usage: node scripts/build/ensure-build.mjs [--check]   (--check: only report; exit 1 when a build is needed)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const INPUTS = ['src', 'package.json', 'package-lock.json', 'rollup.config.mjs', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build/package-zip.mjs', 'scripts/build/require-builtins.mjs'];
const OUTPUTS = ['dist/index.mjs', 'dist/lambda.zip'];

/** Newest modification time (ms) under `path`, with the file it belongs to. */
function newest(path) {
  if (!existsSync(path)) return { mtime: 0, file: path };
  const stat = statSync(path);
  if (!stat.isDirectory()) return { mtime: stat.mtimeMs, file: path };
  let best = { mtime: 0, file: path };
  for (const name of readdirSync(path)) {
    const inner = newest(join(path, name));
    if (inner.mtime > best.mtime) best = inner;
  }
  return best;
}

/** Why dist/ must be rebuilt, or undefined when it is up to date. */
function staleReason() {
  for (const output of OUTPUTS) if (!existsSync(join(root, output))) return `${output} is missing`;
  const built = Math.min(...OUTPUTS.map((output) => statSync(join(root, output)).mtimeMs));
  let source = { mtime: 0, file: '' };
  for (const input of INPUTS) {
    const inner = newest(join(root, input));
    if (inner.mtime > source.mtime) source = inner;
  }
  return source.mtime > built ? `${relative(root, source.file)} changed after the last build` : undefined;
}

const reason = staleReason();
if (reason === undefined) {
  process.stderr.write('dist/ is up to date\n');
} else if (process.argv.includes('--check')) {
  process.stderr.write(`dist/ needs a build: ${reason}\n`);
  process.exit(1);
} else {
  process.stderr.write(`Building dist/ (${reason}) ...\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // The build's own output goes to stderr: stdout belongs to the tool that runs next (e.g. invoke --json).
  const result = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(`npm run build failed (exit ${result.status ?? result.signal}); fix the error above, then run this again\n`);
    process.exit(1);
  }
}
