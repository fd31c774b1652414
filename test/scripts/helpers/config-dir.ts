/** Config directories for the scripts' tests: the shipped files with a real URL, plus overrides. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SHIPPED_CONFIG = join(REPO_ROOT, 'config');

export const TEST_URL = 'https://ha.test-home.net';

/**
 * A temporary copy of config/ with the placeholder URL replaced, the locale set to en-GB (served
 * from eu-west-1, the fake AWS's region: a mismatch is an error), and any file overridden.
 */
export function makeConfigDir(overrides: Partial<Record<'parameters.yaml' | 'skill.yaml' | 'function.yaml', string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-config-'));
  mkdirSync(dir, { recursive: true });
  for (const file of ['parameters.yaml', 'skill.yaml', 'function.yaml'] as const) {
    const shipped = readFileSync(join(SHIPPED_CONFIG, file), 'utf8').replace('https://homeassistant.example.com', TEST_URL).replace(/^locales: \[en-US\]$/m, 'locales: [en-GB]');
    writeFileSync(join(dir, file), overrides[file] ?? shipped);
  }
  return dir;
}
