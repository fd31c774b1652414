/**
 * Alexa's three regions as SMAPI names them (`NA`, `EU`, `FE`), the AWS region each one calls, and
 * the client ID Home Assistant expects from each: the Alexa redirect host, **with** its trailing
 * slash (without it, linking fails with "invalid redirect URI").
 *
 * @see https://www.home-assistant.io/integrations/alexa.smart_home/
 */
import { regionForLocale, type AlexaRegion } from '../config/regions.js';

export type AlexaRegionCode = 'NA' | 'EU' | 'FE';

export const REGION_CODES: Readonly<Record<AlexaRegion, AlexaRegionCode>> = {
  'us-east-1': 'NA',
  'eu-west-1': 'EU',
  'us-west-2': 'FE',
};

export const ACCOUNT_LINKING_CLIENT_IDS: Readonly<Record<AlexaRegionCode, string>> = {
  NA: 'https://pitangui.amazon.com/',
  EU: 'https://layla.amazon.com/',
  FE: 'https://alexa.amazon.co.jp/',
};

/** `de-DE` → `EU`. */
export function regionCodeForLocale(locale: string): AlexaRegionCode | undefined {
  const region = regionForLocale(locale);
  return region ? REGION_CODES[region] : undefined;
}

/** `eu-west-1` → `EU`; undefined for an AWS region Alexa does not call. */
export function regionCodeForAwsRegion(awsRegion: string): AlexaRegionCode | undefined {
  return (REGION_CODES as Record<string, AlexaRegionCode | undefined>)[awsRegion];
}
