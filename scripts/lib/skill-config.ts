import { join } from 'node:path';
import * as yup from 'yup';
import { displayPath } from './parameters-config.js';
import { SUPPORTED_LOCALES } from './regions.js';
import { strictObject, validateFile } from './validate.js';
import { readYamlFile } from './yaml-file.js';

/**
 * What config/skill.yaml holds. The interaction-model generator (`npm run skill:model`) and
 * sync-parameters (which writes `assistant_name` to Parameter Store) both read it through
 * `loadSkillConfig`, so the keys cannot drift.
 */
export interface SkillConfig {
  /** The spoken name, e.g. "Jarvis"; synced to `<prefix>/homeassistant/assistant_name`. */
  assistantName: string;
  /** What users say to open the Custom skill ("ask jarvis to …"); lower case. */
  invocationName: string;
  /** Skill locales, e.g. ['en-US']; they decide the AWS region Alexa calls. */
  locales: string[];
  /** The file it came from, for messages. */
  file: string;
}

export const SKILL_FILE = 'skill.yaml';

/** Words that wake a device; Alexa refuses them as names. "Computer" (the old guide's example) is one. */
export const WAKE_WORDS = ['alexa', 'amazon', 'echo', 'computer', 'ziggy'] as const;
/** Words Alexa reserves for launching skills, or forbids in invocation names. */
export const RESERVED_INVOCATION_WORDS = ['ask', 'tell', 'open', 'launch', 'load', 'begin', 'enable', 'start', 'play', 'resume', 'run', 'use', 'skill', 'app'] as const;

/** Problems with a spoken name, e.g. `wakeWordProblem('Computer')` → 'is a wake word …'. */
function wakeWordIn(name: string): string | undefined {
  const words = name.toLowerCase().split(/\s+/);
  return WAKE_WORDS.find((word) => words.includes(word));
}

const assistantNameSchema = yup
  .string()
  .strict()
  .typeError('must be a name, e.g. Jarvis')
  .required('is required: the name you call your assistant, e.g. Jarvis')
  .test('length', 'must be 2 to 50 characters', (value) => value === undefined || (value.trim().length >= 2 && value.trim().length <= 50))
  .test('wake-word', 'must not be a wake word (Alexa, Amazon, Echo, Computer, Ziggy): Alexa would wake up instead of passing it on', (value) => !value || !wakeWordIn(value));

const invocationNameSchema = yup
  .string()
  .strict()
  .typeError('must be text, e.g. jarvis')
  .test(
    'characters',
    'must use lower-case letters and spaces only (apostrophes and periods allowed, numbers spelled out), e.g. house jarvis',
    (value) => value === undefined || /^[\p{Ll}][\p{Ll} '.]*$/u.test(value),
  )
  .test('wake-word', 'must not contain a wake word (alexa, amazon, echo, computer, ziggy)', (value) => !value || !wakeWordIn(value))
  .test(
    'reserved',
    `must not contain launch words (${RESERVED_INVOCATION_WORDS.join(', ')})`,
    (value) => !value || !value.split(/\s+/).some((word) => (RESERVED_INVOCATION_WORDS as readonly string[]).includes(word)),
  );

const skillSchema = strictObject(
  {
    assistant_name: assistantNameSchema,
    invocation_name: invocationNameSchema.optional(),
    locales: yup
      .array(yup.string().strict().typeError('must be a locale').required().oneOf(SUPPORTED_LOCALES, `must be one of ${SUPPORTED_LOCALES.join(', ')}`))
      .typeError('must be a list of locales, e.g. [en-US]')
      .min(1, 'must list at least one locale, e.g. [en-US]')
      .test('unique', 'must not repeat a locale', (value) => !value || new Set(value).size === value.length)
      .default(['en-US']),
  },
  { timeout: 'timeouts live in config/parameters.yaml and config/function.yaml' },
);

/**
 * Reads and validates `<dir>/skill.yaml`.
 *
 * @example const { assistantName, invocationName, locales } = loadSkillConfig('config');
 */
export function loadSkillConfig(dir: string): SkillConfig {
  const yamlFile = readYamlFile(join(dir, SKILL_FILE), displayPath(dir, SKILL_FILE));
  const value = validateFile(yamlFile, skillSchema);
  const assistantName = value.assistant_name.trim();
  return {
    assistantName,
    invocationName: value.invocation_name ?? assistantName.toLowerCase(),
    locales: [...value.locales],
    file: yamlFile.file,
  };
}
