#!/usr/bin/env node
// node scripts/build/checksums.mjs <root> <path>...     e.g. dist lambda.zip tools
//
// Records what the build job produced, so that a job holding keys runs exactly that and nothing
// else. This script will:
//   1. list every file of the given paths under <root> (a file, or a folder's files), sorted, and
//      write <root>/SHA256SUMS in `sha256sum` format ("<hex>  <path>"), which
//      `sha256sum --check --strict` verifies;
//   2. print the SHA-256 of SHA256SUMS itself and, in GitHub Actions, write it to GITHUB_OUTPUT as
//      `sha256=<hex>`: the build job's output that the deploy job compares with what it downloaded.
// Plain JavaScript with no dependencies: it runs before and after anything is installed.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SUMS_FILE = 'SHA256SUMS';

/** The files of `paths` (files or folders under `root`), relative to `root` with `/`, sorted. */
export function listFiles(root, paths) {
  const files = [];
  for (const path of paths) {
    const full = join(root, path);
    if (!existsSync(full)) throw new Error(`${full} does not exist: run npm run build and npm run build:tools first`);
    const inner = statSync(full).isFile() ? [''] : readdirSync(full, { recursive: true, encoding: 'utf8' });
    for (const file of inner) if (statSync(join(full, file)).isFile()) files.push(relative(root, join(full, file)).split(sep).join('/'));
  }
  return files.sort();
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Writes `root`/SHA256SUMS and returns its own SHA-256. */
export function writeChecksums(root, paths) {
  const files = listFiles(root, paths);
  if (files.length === 0) throw new Error(`${paths.join(', ')} under ${root} hold no files`);
  const text = files.map((file) => `${sha256(readFileSync(join(root, file)))}  ${file}\n`).join('');
  writeFileSync(join(root, SUMS_FILE), text);
  return { digest: sha256(text), files: files.length };
}

/* c8 ignore next 11 -- the CLI entry; tests call writeChecksums() */
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    const [root = 'dist', ...paths] = process.argv.slice(2);
    if (paths.length === 0) throw new Error('usage: node scripts/build/checksums.mjs <root> <path>... (e.g. dist lambda.zip tools)');
    const { digest, files } = writeChecksums(root, paths);
    process.stdout.write(`${root}/${SUMS_FILE}: ${files} files, sha256 ${digest}\n`);
    if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `sha256=${digest}\n`);
  } catch (error) {
    process.stderr.write(`checksums: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
