/**
 * A folder holding copies of the repository's build inputs, node_modules linked, for the tests that
 * run `npm run build` and `npm run build:tools` for real.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** Copies `inputs` (files or folders of the repository) into `workspace` and links node_modules. */
export function fillWorkspace(workspace: string, inputs: readonly string[]): string {
  for (const input of inputs) {
    if (!existsSync(join(REPO_ROOT, input)) || existsSync(join(workspace, input))) continue;
    mkdirSync(join(workspace, input, '..'), { recursive: true });
    cpSync(join(REPO_ROOT, input), join(workspace, input), { recursive: true });
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(workspace, 'node_modules'), 'dir');
  return workspace;
}

/** `npm run <script>` in `cwd`: its exit code and everything it printed. */
export function npmRun(script: string, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('npm', ['run', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => done({ code, output }));
  });
}
