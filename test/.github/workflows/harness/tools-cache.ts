/**
 * `npm run build:tools` (dist/tools/, the deploy-side commands) once per set of sources, shared on
 * disk by the test run's processes like the Lambda build (build-cache.ts): test/scripts/build/tools.test.ts
 * and the workflow rehearsal files copy one build. A lock per hash makes the processes that miss at
 * the same time wait for the one build under way instead of each running it (as build-cache.ts does).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alive, inputsHash, sleepSync } from './build-cache.js';

/** What rollup reads for dist/tools/. */
export const TOOLS_INPUTS = ['src', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json'];
export const TOOLS_CACHE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'node_modules', '.cache', 'ha-alexa-tools');

export function toolsInputsHash(workspace: string): string {
  return inputsHash(workspace, TOOLS_INPUTS);
}

/** Locks this process holds (lock directories), released by storeTools() or when it exits. */
const held = new Set<string>();
process.once('exit', () => {
  for (const lock of held) rmSync(lock, { recursive: true, force: true });
});

/**
 * Copies a cached dist/tools/ for the workspace's sources into it; false when there is none, and
 * then this process holds the sources' lock until storeTools() (another process waits for it).
 */
export function restoreTools(workspace: string, dir = TOOLS_CACHE_DIR): boolean {
  const hash = toolsInputsHash(workspace);
  const cached = join(dir, hash);
  const lock = join(dir, `${hash}.lock`);
  mkdirSync(dir, { recursive: true });
  for (;;) {
    if (existsSync(cached)) {
      rmSync(join(workspace, 'dist', 'tools'), { recursive: true, force: true });
      cpSync(cached, join(workspace, 'dist', 'tools'), { recursive: true });
      return true;
    }
    if (held.has(lock)) return false;
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      held.add(lock);
      return false;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(existsSync(join(lock, 'pid')) ? readFileSync(join(lock, 'pid'), 'utf8') : '');
    if (owner > 0 && !alive(owner)) rmSync(lock, { recursive: true, force: true });
    else sleepSync(250);
  }
}

/** Keeps the workspace's fresh dist/tools/ (written aside, then renamed: readers never see half a copy). */
export function storeTools(workspace: string, dir = TOOLS_CACHE_DIR): void {
  mkdirSync(dir, { recursive: true });
  const hash = toolsInputsHash(workspace);
  const target = join(dir, hash);
  if (!existsSync(target)) {
    const staging = join(mkdtempSync(join(dir, '.staging-')), 'tools');
    cpSync(join(workspace, 'dist', 'tools'), staging, { recursive: true });
    try {
      renameSync(staging, target);
    } catch {
      // Another process stored the same build first.
    }
    rmSync(dirname(staging), { recursive: true, force: true });
  }
  const lock = join(dir, `${hash}.lock`);
  rmSync(lock, { recursive: true, force: true });
  held.delete(lock);
}
