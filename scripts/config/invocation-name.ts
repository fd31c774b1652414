/**
 * Amazon's rules for a Custom skill's invocation name ("Alexa, ask <invocation name> to …"), each
 * with its own one-line message that says what is wrong and what to do.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/choose-the-invocation-name-for-a-custom-skill.html
 */

/** Words that wake an Echo. A name containing one wakes the device instead of reaching the skill. */
export const WAKE_WORDS = ['alexa', 'amazon', 'echo', 'computer', 'ziggy'] as const;

/** Launch phrases: Alexa uses them to open skills, so a name cannot contain them. */
export const LAUNCH_WORDS = ['ask', 'tell', 'open', 'launch', 'start', 'begin', 'load', 'enable', 'play', 'resume', 'run', 'use'] as const;

/** Words Amazon forbids in invocation names. */
export const FORBIDDEN_WORDS = ['skill', 'app'] as const;

/** Names to suggest instead of a rejected one. */
export const SUGGESTED_NAMES = ['jarvis', 'friday', 'house jarvis', 'home helper'] as const;

export interface InvocationNameCheck {
  /** Each makes the name unusable. */
  readonly errors: readonly string[];
  /** Each is worth knowing but does not stop a private (development) skill. */
  readonly warnings: readonly string[];
}

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

function quoted(list: readonly string[]): string {
  return list.map((item) => `"${item}"`).join(', ');
}

/** e.g. `r2d2` → `r two d two`: a hint for spelling numbers out. */
function spellDigits(name: string): string {
  return name
    // `digit` is 0–9, always an index of DIGIT_WORDS.
    .replace(/\d/g, (digit) => ` ${DIGIT_WORDS[Number(digit)] as string} `)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Checks an invocation name against Amazon's rules.
 *
 * @example checkInvocationName('computer').errors // ['invocation name "computer": "computer" is a wake word …']
 */
export function checkInvocationName(name: string): InvocationNameCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const label = `invocation name "${name}"`;
  if (name.trim() === '') {
    return { errors: ['the invocation name is empty: set assistant_name (or invocation_name) in config/skill.yaml'], warnings };
  }
  if (/\d/.test(name)) errors.push(`${label} contains digits: spell numbers out, e.g. "${spellDigits(name)}"`);
  if (/\p{Lu}/u.test(name)) errors.push(`${label} must be lower case: "${name.toLowerCase()}"`);
  const others = [...new Set(name.replace(/[\p{L}\d '.]/gu, ''))];
  if (others.length > 0) {
    errors.push(`${label} contains ${quoted(others)}: only letters, spaces, apostrophes (possessives, "jarvis's") and periods (abbreviations, "mr. smith") are allowed`);
  }
  if (name !== name.trim() || /\s{2,}/.test(name)) errors.push(`${label} has extra spaces: "${name.trim().replace(/\s+/g, ' ')}"`);

  const words = name.toLowerCase().split(/[\s.]+/).map((word) => word.replace(/'s$/, '')).filter((word) => word !== '');
  for (const wake of WAKE_WORDS.filter((word) => words.includes(word))) {
    errors.push(
      `${label}: "${wake}" is a wake word, so saying it wakes an Echo instead of reaching your skill, and Amazon rejects it. ` +
        `Pick another name, e.g. ${quoted(SUGGESTED_NAMES)}`,
    );
  }
  for (const launch of LAUNCH_WORDS.filter((word) => words.includes(word))) {
    errors.push(`${label}: "${launch}" is a launch phrase ("Alexa, ${launch} …"), which Amazon does not allow in the name; remove it`);
  }
  for (const forbidden of FORBIDDEN_WORDS.filter((word) => words.includes(word))) {
    errors.push(`${label}: Amazon does not allow the word "${forbidden}" in invocation names; remove it`);
  }
  if (words.length === 1) {
    warnings.push(`${label} is one word: fine for your own skill, but Amazon wants two or more words to certify a published one (e.g. "house ${name.trim()}")`);
  }
  return { errors, warnings };
}
