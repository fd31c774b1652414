/**
 * Alexa's three regions as SMAPI names them (`NA`, `EU`, `FE`), from the one region table
 * (src/alexa/regions.ts): the AWS region each one calls, and the account-linking client ID Home
 * Assistant expects from each, with its trailing slash.
 */
import { ALEXA_REGIONS, regionForLocale, type AlexaRegion } from '../config/regions.js';

export type AlexaRegionCode = (typeof ALEXA_REGIONS)[AlexaRegion]['code'];

const REGIONS = Object.entries(ALEXA_REGIONS) as [AlexaRegion, (typeof ALEXA_REGIONS)[AlexaRegion]][];

export const REGION_CODES = Object.fromEntries(REGIONS.map(([region, entry]) => [region, entry.code])) as Readonly<Record<AlexaRegion, AlexaRegionCode>>;

export const ACCOUNT_LINKING_CLIENT_IDS = Object.fromEntries(REGIONS.map(([, entry]) => [entry.code, entry.linkingClientId])) as Readonly<Record<AlexaRegionCode, string>>;

/** `de-DE` → `EU`. */
export function regionCodeForLocale(locale: string): AlexaRegionCode | undefined {
  const region = regionForLocale(locale);
  return region ? REGION_CODES[region] : undefined;
}

/** `eu-west-1` → `EU`; undefined for an AWS region Alexa does not call. */
export function regionCodeForAwsRegion(awsRegion: string): AlexaRegionCode | undefined {
  return (REGION_CODES as Record<string, AlexaRegionCode | undefined>)[awsRegion];
}
