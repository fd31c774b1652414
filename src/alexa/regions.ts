/**
 * Alexa's three regions: the AWS region whose Lambda Alexa calls for each locale (a Lambda in any
 * other region is never called, the most common cause of "no devices found"), SMAPI's code for the
 * region, and the client ID Home Assistant's account linking expects from it (Amazon's redirect
 * host, with the trailing slash: without it linking fails with "invalid redirect URI").
 * One table for the Lambda (the doctor's region check) and the scripts (deploy, skills, console sheet).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/smarthome/develop-smart-home-skills-in-multiple-languages.html
 * @see https://www.home-assistant.io/integrations/alexa.smart_home/
 */
export const ALEXA_REGIONS = {
  'us-east-1': { name: 'North America', code: 'NA', linkingClientId: 'https://pitangui.amazon.com/', locales: ['en-US', 'en-CA', 'es-MX', 'es-US', 'fr-CA', 'pt-BR'] },
  'eu-west-1': { name: 'Europe and India', code: 'EU', linkingClientId: 'https://layla.amazon.com/', locales: ['en-GB', 'en-IN', 'de-DE', 'es-ES', 'fr-FR', 'it-IT', 'hi-IN', 'nl-NL', 'ar-SA'] },
  'us-west-2': { name: 'Far East', code: 'FE', linkingClientId: 'https://alexa.amazon.co.jp/', locales: ['ja-JP', 'en-AU'] },
} as const satisfies Record<string, { name: string; code: string; linkingClientId: string; locales: readonly string[] }>;

export type AlexaRegion = keyof typeof ALEXA_REGIONS;

/** The AWS region whose Lambda Alexa calls for a locale, e.g. `de-DE` → `eu-west-1`. */
export function regionForLocale(locale: string): AlexaRegion | undefined {
  return (Object.keys(ALEXA_REGIONS) as AlexaRegion[]).find((region) => (ALEXA_REGIONS[region].locales as readonly string[]).includes(locale));
}
