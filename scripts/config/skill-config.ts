import { join } from 'node:path';
import * as yup from 'yup';
import { displayPath } from './parameters-config.js';
import { SUPPORTED_LOCALES } from './regions.js';
import { checkInvocationName, WAKE_WORDS } from './invocation-name.js';
import { strictObject, validateFile } from './validate.js';
import { readYamlFile } from './yaml-file.js';
import { ConfigError } from '../shared/errors.js';
import { DEFAULT_LANGUAGE, disagreement, isText, peekKey } from './essentials.js';

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
  /** The Smart Home skill's ID; the deploy lets it (alexa-connectedhome.amazon.com) invoke the alias. */
  smartHomeSkillId?: string;
  /** The Custom skill's ID; the deploy lets it (alexa-appkit.amazon.com) invoke the alias, and sets ALEXA_SKILL_ID. */
  customSkillId?: string;
  /** The file it came from, for messages. */
  file: string;
}

/** Amazon's skill ID format. */
export const SKILL_ID_PATTERN = /^amzn1\.ask\.skill\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const SKILL_FILE = 'skill.yaml';

/** True when a spoken name holds one of Amazon's wake words ("Computer", the old guide's example, is one). */
function hasWakeWord(name: string): boolean {
  const words = name.toLowerCase().split(/\s+/);
  return WAKE_WORDS.some((word) => words.includes(word));
}

const assistantNameSchema = yup
  .string()
  .strict()
  .typeError('must be a name, e.g. Jarvis')
  .required('is required: the name you call your assistant, e.g. Jarvis')
  .test('length', 'must be 2 to 50 characters', (value) => value === undefined || (value.trim().length >= 2 && value.trim().length <= 50))
  .test('wake-word', 'must not be a wake word (Alexa, Amazon, Echo, Computer, Ziggy): Alexa would wake up instead of passing it on', (value) => !value || !hasWakeWord(value));

/** Amazon's invocation-name rules, from the one checker `npm run skill:model` also uses. */
function invocationNameProblems(this: yup.TestContext, value: string | undefined): true | yup.ValidationError {
  if (value === undefined) return true;
  const { errors } = checkInvocationName(value);
  return errors.length === 0 ? true : new yup.ValidationError(errors.map((message) => this.createError({ message })));
}

const invocationNameSchema = yup.string().strict().typeError('must be text, e.g. jarvis').test('amazon-rules', 'breaks Amazon\'s invocation-name rules', invocationNameProblems);

const skillIdSchema = (which: string) =>
  yup
    .string()
    .strict()
    .typeError(`must be the ${which} skill's ID, e.g. amzn1.ask.skill.0a1b2c3d-0000-4000-8000-123456789abc`)
    .matches(SKILL_ID_PATTERN, {
      message: `must be the ${which} skill's ID as the Alexa developer console shows it: amzn1.ask.skill.<uuid> (lower-case hex)`,
      excludeEmptyString: true,
    });

const skillSchema = strictObject(
  {
    assistant_name: assistantNameSchema,
    invocation_name: invocationNameSchema.optional(),
    locales: yup
      .array(yup.string().strict().typeError('must be a locale').required().oneOf(SUPPORTED_LOCALES, `must be one of ${SUPPORTED_LOCALES.join(', ')}`))
      .typeError('must be a list of locales, e.g. [en-US]')
      .min(1, 'must list at least one locale, e.g. [en-US]')
      .test('unique', 'must not repeat a locale', (value) => !value || new Set(value).size === value.length)
      .optional(),
    smart_home_skill_id: skillIdSchema('Smart Home').optional().nullable(),
    custom_skill_id: skillIdSchema('Custom').optional().nullable(),
  },
  {
    timeout: 'timeouts live in config/parameters.yaml and config/function.yaml',
    skill_id: 'use smart_home_skill_id and/or custom_skill_id',
    alexa_skill_id: 'use smart_home_skill_id and/or custom_skill_id',
  },
).test('derived-invocation-name', 'the invocation name derived from assistant_name breaks Amazon\'s rules', function derived(value) {
  // Without invocation_name, the lower-cased assistant_name is what users say; check it too, except
  // for the wake word, which assistant_name's own test already reports.
  const record = value as { assistant_name?: unknown; invocation_name?: unknown } | undefined;
  if (record?.invocation_name !== undefined || typeof record?.assistant_name !== 'string' || hasWakeWord(record.assistant_name)) return true;
  const { errors } = checkInvocationName(record.assistant_name.trim().toLowerCase());
  if (errors.length === 0) return true;
  return new yup.ValidationError(
    errors.map((message) => this.createError({ path: 'assistant_name', message: `${message} (or set invocation_name to a name Alexa accepts)` })),
  );
});

/**
 * Reads and validates `<dir>/skill.yaml`. The locales are `locales` (several languages, for
 * advanced users), else `[language]` of config/deploy.yaml, else en-US; `locales` must then start
 * with that language, or the error names both.
 *
 * @example const { assistantName, invocationName, locales } = loadSkillConfig('config');
 */
export function loadSkillConfig(dir: string): SkillConfig {
  const yamlFile = readYamlFile(join(dir, SKILL_FILE), displayPath(dir, SKILL_FILE));
  const value = validateFile(yamlFile, skillSchema);
  const assistantName = value.assistant_name.trim();
  const language = peekKey(dir, 'deploy.yaml', 'language', (text): text is string => isText(text) && SUPPORTED_LOCALES.includes(text));
  const [first] = value.locales ?? [];
  if (language && first !== undefined && first !== language.value) {
    throw new ConfigError([
      disagreement(
        { where: yamlFile.locate(['locales']), key: 'locales', value: `[${(value.locales ?? []).join(', ')}]` },
        { where: language.where, key: 'language', value: language.value },
        `the first locale is the language: make it ${language.value}, or delete locales here and keep only language in ${language.file}`,
      ),
    ]);
  }
  return {
    assistantName,
    invocationName: value.invocation_name ?? assistantName.toLowerCase(),
    locales: value.locales ? [...value.locales] : [language?.value ?? DEFAULT_LANGUAGE],
    ...(value.smart_home_skill_id ? { smartHomeSkillId: value.smart_home_skill_id } : {}),
    ...(value.custom_skill_id ? { customSkillId: value.custom_skill_id } : {}),
    file: yamlFile.file,
  };
}
