/** The README's settings table is exactly what the config schema generates, so names cannot drift. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { SETTINGS } from '../../../src/config/schema.js';
import { END, replaceSettingsTable, settingsTableCli, START } from '../../../scripts/docs/settings-table.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

t.test('README.md settings table matches src/config/schema.ts (run npm run docs:settings)', async (t) => {
  t.equal(replaceSettingsTable(readme), readme);
});

t.test('every setting of the replaced Lambda Execution Engine keeps its exact name', async (t) => {
  const envNames = new Set(SETTINGS.map((def) => def.env));
  for (const name of ['HOME_ASSISTANT_ENABLED', 'USE_PARAMETER_STORE', 'PARAMETER_PREFIX', 'HA_FEATURE_PRESET', 'HA_TIMEOUT', 'HA_VERIFY_SSL', 'LUGS_ENABLED', 'HA_ASSISTANT_NAME', 'DEBUG_MODE', 'HA_CACHE_TTL', 'HOME_ASSISTANT_URL', 'HOME_ASSISTANT_TOKEN', 'HA_ALEXA_MODE', 'ALEXA_SKILL_ID', 'HA_TOKEN_SOURCE']) {
    t.ok(envNames.has(name), name);
  }
  const ssmNames = new Set(SETTINGS.map((def) => def.ssm).filter((name) => name !== undefined));
  for (const name of ['/homeassistant/url', '/homeassistant/token', '/homeassistant/assistant_name', '/homeassistant/verify_ssl', '/homeassistant/timeout']) {
    t.ok(ssmNames.has(name), name);
  }
  t.equal(SETTINGS.find((def) => def.ssm === '/homeassistant/token')?.secret, true, 'the token is a secret');
});

t.test('each setting has a unique env var, a doc line, and a default that parses', async (t) => {
  t.equal(new Set(SETTINGS.map((def) => def.env)).size, SETTINGS.length);
  for (const def of SETTINGS) t.ok(def.doc.length > 10, `${def.env} is documented`);
});

t.test('npm run docs:settings rewrites a stale table, and --check tells stale from fresh', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'settings-')), 'README.md');
  writeFileSync(path, `# Title\n\n${START}\nold table\n${END}\n\nAfter.\n`);
  const lines: string[] = [];
  t.equal(settingsTableCli(['--check'], path, (line) => lines.push(line)), 1, 'stale: exit 1');
  t.equal(settingsTableCli([], path, (line) => lines.push(line)), 0);
  t.equal(settingsTableCli(['--check'], path, (line) => lines.push(line)), 0, 'fresh after the rewrite');
  t.match(readFileSync(path, 'utf8'), /^# Title\n\n<!-- settings:start[^]*\| `HOME_ASSISTANT_URL` \|[^]*settings:end -->\n\nAfter\.\n$/);
  t.match(lines, [/out of date: run npm run docs:settings/, /written \(\d+ settings\)/, /matches src\/config\/schema\.ts/]);
});

t.test('a README without the markers is an error that says what is missing', async (t) => {
  t.throws(() => replaceSettingsTable('# no markers'), /README.md has no settings markers/);
});
