/**
 * npm run check:template -- [--root .]
 *
 * Only for the template repository itself (the CI job runs it when
 * `github.event.repository.is_template`; a fork edits config/ and never runs it). This script will:
 *   1. check that config/{parameters,skill,function}.yaml are test/fixtures/config/'s files with the
 *      template's placeholder URL, so the tests' fixture stays a copy of what a new user starts from;
 *   2. check that skill-package/ is generated from config/skill.yaml (npm run skill:model -- --check).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isDirectRun, runCli, type Main } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import { main as skillModel } from '../skill/skill-model.js';

const USAGE = 'usage: npm run check:template -- [--root <repository>]';

/** The URL a new user must replace, and the one the tests' fixture uses instead. */
export const PLACEHOLDER_URL = 'https://homeassistant.example.com';
export const FIXTURE_URL = 'https://ha.test-home.net';
export const FIXTURE_DIR = join('test', 'fixtures', 'config');
export const TEMPLATE_FILES = ['parameters.yaml', 'skill.yaml', 'function.yaml'] as const;

export const main: Main = async (argv, env, io) => {
  const { values } = parseArgs({ args: [...argv], options: { root: { type: 'string', default: '.' }, help: { type: 'boolean', default: false } }, strict: true });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const root = values.root;
  const problems: string[] = [];
  for (const file of TEMPLATE_FILES) {
    const shipped = join(root, 'config', file);
    const fixture = join(root, FIXTURE_DIR, file);
    if (!existsSync(shipped) || !existsSync(fixture)) {
      problems.push(`${existsSync(shipped) ? join(FIXTURE_DIR, file) : join('config', file)} is missing`);
      continue;
    }
    const expected = readFileSync(fixture, 'utf8').replace(FIXTURE_URL, PLACEHOLDER_URL);
    if (readFileSync(shipped, 'utf8') !== expected) {
      problems.push(`config/${file} differs from ${FIXTURE_DIR}/${file}: copy the change into the fixture (keeping ${FIXTURE_URL} there and ${PLACEHOLDER_URL} in config/)`);
    }
  }
  const models = await skillModel(['--check', '--config-dir', join(root, 'config'), '--out', join(root, 'skill-package')], env, io);
  if (models !== 0) problems.push('skill-package/ is not generated from config/skill.yaml: run npm run skill:model and commit the result');
  if (problems.length > 0) throw new ScriptError(`the template's config/ is out of step: ${problems.join('; ')}`);
  io.out("config/ is the template's (test/fixtures/config/ with the placeholder URL) and skill-package/ is generated from it.");
  return 0;
};

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('check:template', main);
}
