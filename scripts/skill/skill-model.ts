/**
 * npm run skill:model -- [--check] [--config-dir config] [--out skill-package]
 *
 * Generates the Custom skill's interaction model from config/skill.yaml. This script will:
 *   1. read config/skill.yaml (assistant_name, invocation_name, locales);
 *   2. check the invocation name against Amazon's rules, one line per problem, and stop on errors;
 *   3. write skill-package/interactionModels/custom/<locale>.json for each locale (the ASK CLI
 *      layout), or with --check, only compare them and fail when they are out of date.
 * Paste a file into the Alexa developer console (Build → Interaction Model → JSON Editor), or
 * deploy the skill-package/ folder with the ASK CLI.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { isDirectRun, runCli, type Main } from '../shared/cli.js';
import { CONFIG_DIR, loadSkillConfig, type SkillConfig } from '../config/config-files.js';
import { ConfigError, ScriptError } from '../shared/errors.js';
import { buildInteractionModel } from './interaction-model.js';
import { checkInvocationName, SUGGESTED_NAMES } from '../config/invocation-name.js';
import type { Io } from '../shared/io.js';

const USAGE = 'usage: npm run skill:model -- [--check] [--config-dir <dir>] [--out <dir>]';

/** Where the ASK CLI expects the models, under the output folder. */
export const MODELS_DIR = join('interactionModels', 'custom');
export const DEFAULT_OUT = 'skill-package';

/** The file's text: two-space JSON with a final newline, so a regenerated file diffs cleanly. */
export function modelFileText(invocationName: string, locale: string): string {
  return `${JSON.stringify(buildInteractionModel(invocationName, locale), null, 2)}\n`;
}

/** The script; synchronous, so it is wrapped for {@link Main}'s promise (a throw becomes a rejection). */
export const main: Main = (argv, _env, io) => new Promise((resolve) => resolve(generate(argv, io)));

function generate(argv: readonly string[], io: Io): number {
  const { values } = parseArgs({
    args: [...argv],
    options: { check: { type: 'boolean', default: false }, 'config-dir': { type: 'string', default: CONFIG_DIR }, out: { type: 'string', default: DEFAULT_OUT }, help: { type: 'boolean', default: false } },
    strict: true,
  });
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  const skill = loadSkill(values['config-dir'], io);
  if (skill === undefined) return 1;
  const check = checkInvocationName(skill.invocationName);
  for (const warning of check.warnings) io.err(`warning: ${warning}`);
  for (const error of check.errors) io.err(`error: ${error} (${skill.file})`);
  if (check.errors.length > 0) return 1;

  const dir = join(values.out, MODELS_DIR);
  const stale: string[] = [];
  for (const locale of skill.locales) {
    let text: string;
    try {
      text = modelFileText(skill.invocationName, locale);
    } catch (error) {
      throw new ScriptError((error as Error).message);
    }
    const file = join(dir, `${locale}.json`);
    const shown = relative(process.cwd(), file);
    if (values.check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(shown);
      continue;
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
    io.out(`wrote ${shown} (invocation name "${skill.invocationName}", ${locale})`);
  }
  if (values.check) {
    if (stale.length > 0) {
      for (const file of stale) io.err(`error: ${file} is out of date with ${skill.file}: run npm run skill:model and commit the result`);
      return 1;
    }
    io.out(`interaction models are up to date (${skill.locales.join(', ')})`);
    return 0;
  }
  io.out('Next: paste each file into the Alexa developer console (Build → Interaction Model → JSON Editor), then Save and Build.');
  return 0;
}

/** config/skill.yaml, or undefined after printing each problem on its own line. */
function loadSkill(dir: string, io: Io): SkillConfig | undefined {
  try {
    return loadSkillConfig(dir);
  } catch (error) {
    /* c8 ignore next -- the loader reports every file problem as a ConfigError; anything else is a bug */
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) io.err(`error: ${problem}`);
    // The loader already rejects wake words in assistant_name ("Computer"); add what to pick instead.
    if (error.problems.some((problem) => /wake word/i.test(problem))) {
      io.err(`hint: pick a name that is not a wake word, e.g. ${SUGGESTED_NAMES.map((name) => `"${name}"`).join(', ')}`);
    }
    return undefined;
  }
}

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('skill:model', main);
}
