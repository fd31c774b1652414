/**
 * Which AWS region serves which Alexa locale: Alexa calls a Smart Home Lambda only in the region of
 * the user's locale. The same table as `scripts/config/regions.ts` (a test keeps them equal).
 */
export const ALEXA_REGION_LOCALES: Readonly<Record<string, readonly string[]>> = {
  'us-east-1': ['en-US', 'en-CA', 'es-MX', 'es-US', 'fr-CA', 'pt-BR'],
  'eu-west-1': ['en-GB', 'en-IN', 'de-DE', 'es-ES', 'fr-FR', 'it-IT', 'hi-IN', 'nl-NL', 'ar-SA'],
  'us-west-2': ['ja-JP', 'en-AU'],
};

export function regionForLocale(locale: string): string | undefined {
  return Object.keys(ALEXA_REGION_LOCALES).find((region) => ALEXA_REGION_LOCALES[region]?.includes(locale));
}
