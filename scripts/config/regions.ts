/**
 * Which AWS region serves which Alexa locale. A Lambda in the wrong region is never called by
 * Alexa, which is the most common cause of "no devices found".
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/develop-smart-home-skills-in-multiple-languages.html
 */

export const ALEXA_REGIONS = {
  'us-east-1': { name: 'North America', locales: ['en-US', 'en-CA', 'es-MX', 'es-US', 'fr-CA', 'pt-BR'] },
  'eu-west-1': { name: 'Europe and India', locales: ['en-GB', 'en-IN', 'de-DE', 'es-ES', 'fr-FR', 'it-IT', 'hi-IN'] },
  'us-west-2': { name: 'Far East', locales: ['ja-JP', 'en-AU'] },
} as const satisfies Record<string, { name: string; locales: readonly string[] }>;

export type AlexaRegion = keyof typeof ALEXA_REGIONS;

/** Every locale a skill may declare. */
export const SUPPORTED_LOCALES: readonly string[] = Object.values(ALEXA_REGIONS).flatMap((region) => region.locales);

/** The AWS region whose Lambda Alexa calls for a locale, e.g. `de-DE` → `eu-west-1`. */
export function regionForLocale(locale: string): AlexaRegion | undefined {
  return (Object.keys(ALEXA_REGIONS) as AlexaRegion[]).find((region) =>
    (ALEXA_REGIONS[region].locales as readonly string[]).includes(locale),
  );
}

/**
 * A warning when the deploy region does not serve some of the skill's locales, or undefined.
 *
 * @example regionWarning('us-east-1', ['en-GB']) // 'config/skill.yaml locale en-GB is served from eu-west-1 …'
 */
export function regionWarning(awsRegion: string, locales: readonly string[]): string | undefined {
  const elsewhere = locales.filter((locale) => regionForLocale(locale) !== awsRegion);
  if (elsewhere.length === 0) return undefined;
  const where = elsewhere.map((locale) => `${locale} → ${regionForLocale(locale) ?? 'unknown'}`).join(', ');
  return (
    `AWS_REGION is ${awsRegion}, but Alexa calls a Lambda in another region for ${where} (config/skill.yaml). ` +
    'A Lambda in the wrong region is never invoked ("no devices found"); deploy in the matching region'
  );
}
