/**
 * `npm run build` runs for real in the working copy; a second working copy in the same test process
 * with byte-identical build inputs gets a copy of that dist/ instead of a second 30–60 s build.
 * The inputs are everything rollup and package-zip read: src/, the build configs, package files
 * and scripts/build/. config/ is not among them (the bundle reads its settings at run time), which
 * is what lets differently configured working copies share one build.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUILD_INPUTS = ['src', 'scripts/build', 'package.json', 'package-lock.json', 'rollup.config.mjs', 'tsconfig.json', 'tsconfig.build.json'];

/** SHA-256 over the build inputs' paths and contents. */
export function buildInputsHash(workspace: string): string {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    const path = join(workspace, input);
    if (!existsSync(path)) {
      hash.update(`missing:${input}\n`);
      continue;
    }
    const files = statSync(path).isFile() ? [''] : readdirSync(path, { recursive: true, encoding: 'utf8' }).filter((file) => statSync(join(path, file)).isFile()).sort();
    for (const file of files) hash.update(`${input}/${file}\n`).update(readFileSync(join(path, file)));
  }
  return hash.digest('hex');
}

export class BuildCache {
  readonly #builds = new Map<string, string>();
  /** How many builds really ran, and how many were copied. */
  readonly stats = { built: 0, reused: 0 };

  /** A dist/ built from the same inputs, if any. */
  lookup(workspace: string): string | undefined {
    return this.#builds.get(buildInputsHash(workspace));
  }

  /** Keeps a copy of the workspace's fresh dist/. */
  store(workspace: string): void {
    const copy = join(mkdtempSync(join(tmpdir(), 'ha-alexa-dist-')), 'dist');
    cpSync(join(workspace, 'dist'), copy, { recursive: true });
    this.#builds.set(buildInputsHash(workspace), copy);
    this.stats.built += 1;
  }

  /** Replaces the workspace's dist/ with the cached one. */
  restore(workspace: string, cached: string): void {
    rmSync(join(workspace, 'dist'), { recursive: true, force: true });
    cpSync(cached, join(workspace, 'dist'), { recursive: true });
    this.stats.reused += 1;
  }
}
