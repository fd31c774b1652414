import { ScriptError } from '../shared/errors.js';

/**
 * Which AWS region serves which Alexa locale. A Lambda in the wrong region is never called by
 * Alexa, which is the most common cause of "no devices found".
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/develop-smart-home-skills-in-multiple-languages.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/develop-skills-in-multiple-languages.html#h2-multiple-endpoints
 */

export const ALEXA_REGIONS = {
  'us-east-1': { name: 'North America', code: 'NA', locales: ['en-US', 'en-CA', 'es-MX', 'es-US', 'fr-CA', 'pt-BR'] },
  'eu-west-1': { name: 'Europe and India', code: 'EU', locales: ['en-GB', 'en-IN', 'de-DE', 'es-ES', 'fr-FR', 'it-IT', 'hi-IN', 'nl-NL', 'ar-SA'] },
  'us-west-2': { name: 'Far East', code: 'FE', locales: ['ja-JP', 'en-AU'] },
} as const satisfies Record<string, { name: string; code: string; locales: readonly string[] }>;

export type AlexaRegion = keyof typeof ALEXA_REGIONS;

/** Every locale a skill may declare. */
export const SUPPORTED_LOCALES: readonly string[] = Object.values(ALEXA_REGIONS).flatMap((region) => region.locales);

/** The AWS region whose Lambda Alexa calls for a locale, e.g. `de-DE` → `eu-west-1`. */
export function regionForLocale(locale: string): AlexaRegion | undefined {
  return (Object.keys(ALEXA_REGIONS) as AlexaRegion[]).find((region) =>
    (ALEXA_REGIONS[region].locales as readonly string[]).includes(locale),
  );
}

/** Whether `region` is one of the three regions Alexa calls Lambdas in. */
export function isAlexaRegion(region: string): region is AlexaRegion {
  return region in ALEXA_REGIONS;
}

/**
 * Why the deploy region does not serve some of the skill's locales, or undefined when it does.
 *
 * @example regionMismatch('us-east-1', ['en-GB']) // 'the region is us-east-1, but Alexa calls a Lambda in eu-west-1 for en-GB …'
 */
export function regionMismatch(awsRegion: string, locales: readonly string[]): string | undefined {
  const elsewhere = locales.filter((locale) => regionForLocale(locale) !== awsRegion);
  if (elsewhere.length === 0) return undefined;
  const where = elsewhere.map((locale) => `${locale} → ${regionForLocale(locale) ?? 'unknown'}`).join(', ');
  return (
    `the region is ${awsRegion}, but Alexa calls a Lambda in another region for ${where} (config/skill.yaml locales). ` +
    'A Lambda in the wrong region is never invoked ("no devices found"): set region in config/deploy.yaml to the matching one ' +
    '(and create the bootstrap stack there), or keep only locales of one region'
  );
}

/** Fails when the deploy region does not serve every locale of the skill. */
export function assertRegionServesLocales(awsRegion: string, locales: readonly string[]): void {
  const problem = regionMismatch(awsRegion, locales);
  if (problem) throw new ScriptError(problem);
}
