import { join } from 'node:path';
import * as yup from 'yup';
import { displayPath } from './parameters-config.js';
import { SUPPORTED_LOCALES } from './regions.js';
import { checkInvocationName, WAKE_WORDS } from './invocation-name.js';
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
  /** The Smart Home skill's ID, once known (`npm run skill:deploy` proposes it in a pull request). */
  smartHomeSkillId?: string;
  /** The Custom skill's ID, once known. */
  customSkillId?: string;
  /** The file it came from, for messages. */
  file: string;
}

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

/** `amzn1.ask.skill.` followed by a UUID, as the developer console shows it. */
export const SKILL_ID_PATTERN = /^amzn1\.ask\.skill\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const skillIdSchema = yup
  .string()
  .strict()
  .typeError('must be a skill ID, e.g. amzn1.ask.skill.00000000-0000-0000-0000-000000000000')
  .matches(SKILL_ID_PATTERN, 'must be a skill ID: amzn1.ask.skill. followed by a UUID (copy it from the developer console or the skill workflow\'s summary)');

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
    smart_home_skill_id: skillIdSchema.optional(),
    custom_skill_id: skillIdSchema.optional(),
  },
  { timeout: 'timeouts live in config/parameters.yaml and config/function.yaml' },
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
    ...(value.smart_home_skill_id ? { smartHomeSkillId: value.smart_home_skill_id } : {}),
    ...(value.custom_skill_id ? { customSkillId: value.custom_skill_id } : {}),
    file: yamlFile.file,
  };
}
