/**
 * Config directories for the scripts' tests, built from test/fixtures/config/ (a copy of the
 * template's config/ with a real-looking URL), never from the repository's own config/: a fork
 * edits that folder, and its tests must not care.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The base fixture: today's template config/ with `home_assistant_url` set to {@link TEST_URL}. */
export const FIXTURE_CONFIG = fileURLToPath(new URL('../../fixtures/config/', import.meta.url));

export const TEST_URL = 'https://ha.test-home.net';
/** The template's placeholder URL, which sync-parameters refuses. */
export const PLACEHOLDER_URL = 'https://homeassistant.example.com';

export type ConfigFile = 'parameters.yaml' | 'skill.yaml' | 'function.yaml' | 'deploy.yaml';

/**
 * A temporary copy of the fixture config/ with the locale set to en-GB (served from eu-west-1, the
 * fake AWS's region: a mismatch is an error), and any file overridden.
 */
export function makeConfigDir(overrides: Partial<Record<ConfigFile, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-config-'));
  for (const file of ['parameters.yaml', 'skill.yaml', 'function.yaml'] as const) {
    writeFileSync(join(dir, file), overrides[file] ?? fixtureText(file).replace(/^locales: \[en-US\]$/m, 'locales: [en-GB]'));
  }
  return dir;
}

/**
 * A file of the base fixture, as text, for a config directory without deploy.yaml (the scripts then
 * take region, function and prefix from the environment): the essentials config/deploy.yaml would
 * give are written where the advanced overrides go, `homeassistant.url` ({@link TEST_URL}) in
 * parameters.yaml and `locales: [en-US]` in skill.yaml.
 */
export function fixtureText(file: ConfigFile): string {
  const text = readFileSync(join(FIXTURE_CONFIG, file), 'utf8');
  if (file === 'parameters.yaml') return text.replace(/^ {2}# url: .*$/m, `  url: ${TEST_URL}`);
  if (file === 'skill.yaml') return text.replace(/^# locales: .*$/m, 'locales: [en-US]');
  return text;
}
