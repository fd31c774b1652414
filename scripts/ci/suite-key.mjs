#!/usr/bin/env node
// node scripts/ci/suite-key.mjs [root]
//
// The key under which the test job remembers that the suite passed: a SHA-256 over the path and
// bytes of every file the suite and the lint read, that is every file of the repository except
// those that hold the user's own settings (config/, skill-package/), which no test reads (the tests
// use test/fixtures/). A push that changes only config/ or skill-package/ has the key of a commit
// whose suite already passed, so the test job skips the suite; any other change (code, tests, the
// lockfile, the workflows, the docs the tests check) gives a new key and the suite runs. The
// runner's OS and the Node version (.node-version) are part of it.
// Prints the key and, in GitHub Actions, writes `key=<key>` to GITHUB_OUTPUT.
// Plain JavaScript with no dependencies: it runs before anything is installed.
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Top-level entries that are the user's settings, or not the repository's files at all. */
export const NOT_CODE = new Set(['config', 'skill-package', '.git', 'node_modules', 'dist', '.tap', 'coverage', '.cache', '.doctor']);

/** The files the key covers, relative with `/`, sorted. */
export function codeFiles(root) {
  const files = [];
  for (const entry of readdirSync(root)) {
    if (NOT_CODE.has(entry)) continue;
    const full = join(root, entry);
    const inner = statSync(full).isDirectory() ? readdirSync(full, { recursive: true, encoding: 'utf8' }).map((file) => join(entry, file)) : [entry];
    for (const file of inner) if (statSync(join(root, file)).isFile()) files.push(relative(root, join(root, file)).split(sep).join('/'));
  }
  return files.sort();
}

/** `suite-<os>-<sha256>` of the code files' paths and contents. */
export function suiteKey(root, os = process.env.RUNNER_OS ?? process.platform) {
  const hash = createHash('sha256');
  for (const file of codeFiles(root)) hash.update(`${file}\0`).update(readFileSync(join(root, file))).update('\0');
  return `suite-${os.toLowerCase()}-${hash.digest('hex')}`;
}

/* c8 ignore next 5 -- the CLI entry; tests call suiteKey() */
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const key = suiteKey(process.argv[2] ?? '.');
  process.stdout.write(`${key}\n`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `key=${key}\n`);
}
