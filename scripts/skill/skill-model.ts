/**
 * npm run skill:model -- [--check] [--skip-unsupported] [--config-dir config] [--out dist/skill-package]
 *
 * Generates the Custom skill's interaction model from config/skill.yaml. This script will:
 *   1. read config/skill.yaml (assistant_name, invocation_name, locales);
 *   2. check the invocation name against Amazon's rules, one line per problem, and stop on errors;
 *   3. write <out>/interactionModels/custom/<locale>.json for each locale (the ASK CLI layout) and
 *      remove the files of locales no longer listed, or with --check, only compare them and fail
 *      when they are out of date; --skip-unsupported turns a locale without sample utterances into
 *      a warning (the Deploy workflow uses it, so a Smart Home skill in such a language still deploys);
 *   4. in a workflow, write a short summary to the job summary.
 * The models are generated, not committed: the CI and Deploy workflows attach them to the run as
 * the `skill-package` artifact. Paste a file into the Alexa developer console (Build → Interaction
 * Model → JSON Editor), or deploy the folder with the ASK CLI.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { isDirectRun, runCli, type Main } from '../shared/cli.js';
import { CONFIG_DIR, loadSkillConfig, type SkillConfig } from '../config/config-files.js';
import { ConfigError, ScriptError } from '../shared/errors.js';
import { buildInteractionModel } from './interaction-model.js';
import { checkInvocationName, SUGGESTED_NAMES } from '../config/invocation-name.js';
import type { Io } from '../shared/io.js';
import { appendStepSummary } from '../shared/step-summary.js';

const USAGE = 'usage: npm run skill:model -- [--check] [--skip-unsupported] [--config-dir <dir>] [--out <dir>]';

/** Where the ASK CLI expects the models, under the output folder. */
export const MODELS_DIR = join('interactionModels', 'custom');
export const DEFAULT_OUT = join('dist', 'skill-package');

/** The file's text: two-space JSON with a final newline, so a regenerated file diffs cleanly. */
export function modelFileText(invocationName: string, locale: string): string {
  return `${JSON.stringify(buildInteractionModel(invocationName, locale), null, 2)}\n`;
}

/** The script; synchronous, so it is wrapped for {@link Main}'s promise (a throw becomes a rejection). */
export const main: Main = (argv, env, io) => new Promise((resolve) => resolve(generate(argv, env, io)));

function generate(argv: readonly string[], env: NodeJS.ProcessEnv, io: Io): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      check: { type: 'boolean', default: false },
      'skip-unsupported': { type: 'boolean', default: false },
      'config-dir': { type: 'string', default: CONFIG_DIR },
      out: { type: 'string', default: DEFAULT_OUT },
      help: { type: 'boolean', default: false },
    },
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
  const written: string[] = [];
  const skipped: string[] = [];
  for (const locale of skill.locales) {
    let text: string;
    try {
      text = modelFileText(skill.invocationName, locale);
    } catch (error) {
      /* c8 ignore start -- every locale config/skill.yaml accepts has samples (test/scripts/skill/skill-package-spec.test.ts checks it); this is the safety net for a locale added to the region table before its samples */
      if (!values['skip-unsupported']) throw new ScriptError((error as Error).message);
      io.err(`warning: ${(error as Error).message}; ${locale} skipped`);
      skipped.push(locale);
      continue;
    }
    /* c8 ignore stop */
    const file = join(dir, `${locale}.json`);
    const shown = relative(process.cwd(), file);
    if (values.check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(shown);
      continue;
    }
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, text);
    written.push(locale);
    io.out(`wrote ${shown} (invocation name "${skill.invocationName}", ${locale})`);
  }
  if (values.check) {
    if (stale.length > 0) {
      for (const file of stale) io.err(`error: ${file} is out of date with ${skill.file}: run npm run skill:model`);
      return 1;
    }
    io.out(`interaction models are up to date (${skill.locales.join(', ')})`);
    return 0;
  }
  removeStaleModels(dir, skill.locales, io);
  appendStepSummary(env, formatModelSummary(skill, written, skipped));
  // By hand only: in CI the Skills workflow uploads the models itself (skills as code), and the
  // summary says where the console path finds them.
  if (env.CI !== 'true') io.out('Next: paste each file into the Alexa developer console (Build → Interaction Model → JSON Editor), then Save and Build.');
  return 0;
}

/** Deletes `<locale>.json` files of locales no longer in config/skill.yaml, so the artifact holds only current models. */
function removeStaleModels(dir: string, locales: readonly string[], io: Io): void {
  if (!existsSync(dir)) return;
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.json') || locales.includes(file.slice(0, -'.json'.length))) continue;
    rmSync(join(dir, file));
    io.out(`removed ${relative(process.cwd(), join(dir, file))} (not in locales any more)`);
  }
}

/** The job-summary section: what was generated and where to find it. */
export function formatModelSummary(skill: Pick<SkillConfig, 'invocationName' | 'locales'>, written: readonly string[], skipped: readonly string[]): string {
  const lines = [
    '### Custom skill interaction model',
    '',
    `Invocation name **${skill.invocationName}** ("Alexa, ask ${skill.invocationName} to …"); ` +
      `${written.length > 0 ? `models for ${written.map((locale) => `\`${locale}\``).join(', ')}` : 'no models'} in the run's \`skill-package\` artifact ` +
      '(`interactionModels/custom/<locale>.json`). The Skills workflow uploads them itself; on the console path, paste one into **Build → Interaction Model → JSON Editor**.',
  ];
  if (skipped.length > 0) lines.push('', `> [!NOTE]\n> No sample utterances for ${skipped.join(', ')} yet: the Custom skill is not available in that language (the Smart Home skill is).`);
  return lines.join('\n');
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
