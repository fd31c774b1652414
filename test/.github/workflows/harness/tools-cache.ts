/**
 * `npm run build:tools` (dist/tools/, the deploy-side commands) once per set of sources, shared on
 * disk by the test run's processes like the Lambda build (build-cache.ts): test/scripts/build/tools.test.ts
 * builds early in the run and the workflow rehearsal, late in it, copies that build.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputsHash } from './build-cache.js';

/** What rollup reads for dist/tools/. */
export const TOOLS_INPUTS = ['src', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json'];
export const TOOLS_CACHE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'node_modules', '.cache', 'ha-alexa-tools');

export function toolsInputsHash(workspace: string): string {
  return inputsHash(workspace, TOOLS_INPUTS);
}

/** Copies a cached dist/tools/ for the workspace's sources into it; false when there is none. */
export function restoreTools(workspace: string, dir = TOOLS_CACHE_DIR): boolean {
  const cached = join(dir, toolsInputsHash(workspace));
  if (!existsSync(cached)) return false;
  rmSync(join(workspace, 'dist', 'tools'), { recursive: true, force: true });
  cpSync(cached, join(workspace, 'dist', 'tools'), { recursive: true });
  return true;
}

/** Keeps the workspace's fresh dist/tools/ (written aside, then renamed: readers never see half a copy). */
export function storeTools(workspace: string, dir = TOOLS_CACHE_DIR): void {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, toolsInputsHash(workspace));
  if (existsSync(target)) return;
  const staging = join(mkdtempSync(join(dir, '.staging-')), 'tools');
  cpSync(join(workspace, 'dist', 'tools'), staging, { recursive: true });
  try {
    renameSync(staging, target);
  } catch {
    // Another process stored the same build first.
  }
  rmSync(dirname(staging), { recursive: true, force: true });
}
