/**
 * A working copy of the repository for one workflow run: the repository's files (without .git,
 * node_modules, dist/ and test output), node_modules linked, and config/ replaced by the scenario's
 * (the bootstrap template by the copy in test/fixtures/).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATE_FILES } from '../../../../scripts/ci/template-check.js';

const LEFT_OUT = new Set(['.git', 'node_modules', 'dist', '.tap', 'coverage', '.cache']);

export function makeWorkingCopy(repoRoot: string, configDir: string): string {
  const workspace = join(mkdtempSync(join(tmpdir(), 'ha-alexa-rehearsal-')), 'repo');
  for (const entry of readdirSync(repoRoot)) {
    if (LEFT_OUT.has(entry)) continue;
    cpSync(join(repoRoot, entry), join(workspace, entry), { recursive: true });
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(workspace, 'node_modules'), 'dir');
  // The repository's own config files are a fork's: the working copy holds only the given ones.
  for (const file of TEMPLATE_FILES) rmSync(join(workspace, 'config', file), { force: true });
  cpSync(configDir, join(workspace, 'config'), { recursive: true });
  cpSync(join(repoRoot, 'test', 'fixtures', 'bootstrap.yaml'), join(workspace, 'config', 'aws', 'bootstrap.yaml'));
  // skill-package/ is the user's too: the template's copy, as config/ is.
  rmSync(join(workspace, 'skill-package'), { recursive: true, force: true });
  cpSync(join(repoRoot, 'test', 'fixtures', 'skill-package'), join(workspace, 'skill-package'), { recursive: true });
  return workspace;
}
