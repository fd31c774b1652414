import { ScriptError } from '../shared/errors.js';

import { ALEXA_REGIONS, type AlexaRegion } from '../../src/alexa/regions.js';

export { ALEXA_REGIONS, regionForLocale, type AlexaRegion } from '../../src/alexa/regions.js';
import { regionForLocale } from '../../src/alexa/regions.js';

/** Every locale a skill may declare. */
export const SUPPORTED_LOCALES: readonly string[] = Object.values(ALEXA_REGIONS).flatMap((region) => region.locales);

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
    'A Lambda in the wrong region is never invoked ("no devices found"): keep only locales of one region in config/skill.yaml, ' +
    'starting with language in config/deploy.yaml (the region follows it; create the bootstrap stack there)'
  );
}

/** Fails when the deploy region does not serve every locale of the skill. */
export function assertRegionServesLocales(awsRegion: string, locales: readonly string[]): void {
  const problem = regionMismatch(awsRegion, locales);
  if (problem) throw new ScriptError(problem);
}
