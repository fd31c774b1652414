/**
 * `npm run build` runs for real in the working copy; any later working copy with byte-identical
 * build inputs gets a copy of that dist/ instead of a second 30–60 s build: in the same test process,
 * in another test process, or in a later `npm test` (the builds are kept on disk, under
 * node_modules/.cache/ha-alexa-build/<hash of the inputs>/, the newest few only). The inputs are
 * everything rollup and package-zip read: src/, the build configs, package files and scripts/build/.
 * config/ is not among them (the bundle reads its settings at run time), which is what lets
 * differently configured working copies share one build. A lock per hash makes a second process
 * wait for a build under way instead of running the same one at the same time.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUILD_INPUTS = ['src', 'scripts/build', 'package.json', 'package-lock.json', 'rollup.config.mjs', 'tsconfig.json', 'tsconfig.build.json'];

/** SHA-256 over the build inputs' paths and contents. */
export function buildInputsHash(workspace: string): string {
  return inputsHash(workspace, BUILD_INPUTS);
}

/** SHA-256 over the paths and contents of `inputs` (files or folders) under `workspace`. */
export function inputsHash(workspace: string, inputs: readonly string[]): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
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

/** Where builds are kept between test processes and runs (node_modules/ is per checkout and ignored by git). */
export const BUILD_CACHE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'node_modules', '.cache', 'ha-alexa-build');

/** How many builds (distinct input hashes) are kept on disk. */
const KEEP = 3;

export function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class BuildCache {
  readonly #dir: string;
  /** Locks this process holds (hash → lock directory), released by store() or at exit. */
  readonly #locks = new Map<string, string>();
  /** How many builds really ran, and how many were copied. */
  readonly stats = { built: 0, reused: 0 };

  constructor(dir = BUILD_CACHE_DIR) {
    this.#dir = dir;
    process.once('exit', () => {
      for (const lock of this.#locks.values()) rmSync(lock, { recursive: true, force: true });
    });
  }

  /**
   * A dist/ built from the same inputs, if any. On a miss this process takes the inputs' lock, so
   * that another process asking for the same inputs waits for this build (released by store(), or
   * when this process exits if the build fails); a lock whose process is gone is taken over.
   */
  lookup(workspace: string): string | undefined {
    const hash = buildInputsHash(workspace);
    const dist = join(this.#dir, hash, 'dist');
    const lock = join(this.#dir, `${hash}.lock`);
    mkdirSync(this.#dir, { recursive: true });
    for (;;) {
      if (existsSync(dist)) return dist;
      if (this.#locks.has(hash)) return undefined;
      try {
        mkdirSync(lock);
        writeFileSync(join(lock, 'pid'), String(process.pid));
        this.#locks.set(hash, lock);
        return undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number(existsSync(join(lock, 'pid')) ? readFileSync(join(lock, 'pid'), 'utf8') : '');
      if (owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
      else sleepSync(250);
    }
  }

  /** Keeps a copy of the workspace's fresh dist/ (atomically: readers see all of it or none) and releases the lock. */
  store(workspace: string): void {
    const hash = buildInputsHash(workspace);
    const partial = mkdtempSync(join(this.#dir, `${hash}.partial-`));
    cpSync(join(workspace, 'dist'), join(partial, 'dist'), { recursive: true });
    try {
      renameSync(partial, join(this.#dir, hash));
    } catch {
      // Another process stored the same build first.
      rmSync(partial, { recursive: true, force: true });
    }
    const lock = this.#locks.get(hash);
    if (lock !== undefined) rmSync(lock, { recursive: true, force: true });
    this.#locks.delete(hash);
    this.#prune(hash);
    this.stats.built += 1;
  }

  /** Replaces the workspace's dist/ with the cached one. */
  restore(workspace: string, cached: string): void {
    rmSync(join(workspace, 'dist'), { recursive: true, force: true });
    cpSync(cached, join(workspace, 'dist'), { recursive: true });
    this.stats.reused += 1;
  }

  /** Keeps the newest {@link KEEP} builds. */
  #prune(keep: string): void {
    const builds = readdirSync(this.#dir)
      .filter((name) => /^[0-9a-f]{64}$/.test(name) && name !== keep)
      .map((name) => ({ name, at: statSync(join(this.#dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const old of builds.slice(KEEP - 1)) rmSync(join(this.#dir, old.name), { recursive: true, force: true });
  }
}
