import { regionForLocale } from '../../alexa/regions.js';
import type { CheckResult, DoctorCheck, DoctorContext } from '../types.js';

type Verdict = Omit<CheckResult, 'name' | 'title'>;

/** The function runs in the region Alexa calls for the skill's locales ("no devices found" otherwise). */
export const regionCheck: DoctorCheck = {
  name: 'region',
  title: 'Region',
  run(ctx) {
    return Promise.resolve(judgeRegion(ctx));
  },
};

function judgeRegion(ctx: DoctorContext): Verdict {
  const { region, locales } = ctx;
  if (region === undefined) return { status: 'skipped', value: 'not running in AWS (AWS_REGION unset)', fix: '' };
  const unknown = locales.filter((locale) => regionForLocale(locale) === undefined);
  const needed: string[] = [...new Set(locales.map(regionForLocale).filter((name) => name !== undefined))];
  const wants = locales.map((locale) => `${locale} → ${regionForLocale(locale) ?? '?'}`).join(', ');
  if (needed.length > 0 && !needed.includes(region)) {
    return {
      status: 'fail',
      code: 'wrong_region',
      value: `the function runs in ${region}; Alexa calls ${wants}`,
      fix: `Deploy the function in ${needed.join(' and ')} (region in config/deploy.yaml) and point the skill's endpoint there: Alexa never calls a Lambda in another region.`,
    };
  }
  if (needed.length > 1) {
    return {
      status: 'warn',
      code: 'more_regions',
      value: `the function runs in ${region}; the locales need ${needed.join(', ')} (${wants})`,
      fix: `Deploy a copy of the function in ${needed.filter((name) => name !== region).join(' and ')} too, and set each region's endpoint in the skill.`,
    };
  }
  if (unknown.length > 0) {
    return { status: 'warn', code: 'unknown_locale', value: `unknown locale ${unknown.join(', ')}`, fix: 'Use a locale Alexa Smart Home supports, e.g. en-US or de-DE, in ALEXA_LOCALE and config/skill.yaml.' };
  }
  return { status: 'ok', value: `${region} serves ${locales.join(', ')}`, fix: '' };
}
