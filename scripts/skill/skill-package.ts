/**
 * What both skills should look like, from `skill-package/` (the source of truth) and
 * `config/skill.yaml`:
 *   - `skill-package/smart-home/skill.json`: the Smart Home skill's manifest; the endpoint is filled
 *     in here (the Lambda alias, as the default and as its region's endpoint);
 *   - `skill-package/custom/skill.json`: the Custom skill's manifest, plus one interaction model per
 *     locale of config/skill.yaml, built in memory by `interaction-model.ts`;
 *   - `skill-package/account-linking.json`: Home Assistant's own OAuth for the Smart Home skill.
 * Strings may hold `{HA_URL}`, `{ALEXA_REDIRECT_CLIENT_ID}` and `{INVOCATION_NAME}`.
 * A manifest lists text for some locales; each locale of config/skill.yaml takes its own entry,
 * else one of the same language, else the first one.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ScriptError } from '../shared/errors.js';
import { buildInteractionModel } from './interaction-model.js';
import { ACCOUNT_LINKING_CLIENT_IDS, regionCodeForAwsRegion, regionCodeForLocale } from './alexa-regions.js';
import type { EndpointArn } from './skill-endpoint.js';
import type { AccountLinkingRequest, InteractionModelEnvelope, JsonObject, ManifestEnvelope } from './smapi-types.js';

export const DEFAULT_PACKAGE_DIR = 'skill-package';

export type SkillKind = 'smartHome' | 'custom';

/** One skill as skill:deploy wants it. */
export interface SkillDefinition {
  kind: SkillKind;
  /** `Smart Home skill` / `Custom skill`, for messages. */
  label: string;
  /** Its key in config/skill.yaml. */
  configKey: 'smart_home_skill_id' | 'custom_skill_id';
  /** The manifest file, as shown in messages. */
  manifestFile: string;
  /** The skill's name in each locale: how an existing skill is found when config/skill.yaml has no ID. */
  names: string[];
  /** What a new skill starts with: the manifest without its endpoint (see skill-sync.ts). */
  createManifest: ManifestEnvelope;
  manifest: ManifestEnvelope;
  interactionModels: Record<string, InteractionModelEnvelope>;
  accountLinking?: AccountLinkingRequest;
  accountLinkingFile?: string;
}

export interface PackageInputs {
  dir: string;
  locales: readonly string[];
  invocationName: string;
  endpoint: EndpointArn;
  /** Home Assistant's public https:// address, without a trailing slash. */
  haUrl: string;
}

/** Both skills, and warnings worth printing. */
export function buildSkillPackage(inputs: PackageInputs): { skills: SkillDefinition[]; warnings: string[] } {
  const warnings: string[] = [];
  const codes = [...new Set(inputs.locales.map((locale) => regionCodeForLocale(locale)))];
  const linkingRegion = codes[0] ?? 'NA';
  if (codes.length > 1) {
    warnings.push(
      `config/skill.yaml locales span the Alexa regions ${codes.join(', ')}, but account linking straight to Home Assistant has one client ID: linking works for ${linkingRegion} (${ACCOUNT_LINKING_CLIENT_IDS[linkingRegion]}) only`,
    );
  }
  const placeholders: Record<string, string> = { HA_URL: inputs.haUrl, ALEXA_REDIRECT_CLIENT_ID: ACCOUNT_LINKING_CLIENT_IDS[linkingRegion], INVOCATION_NAME: inputs.invocationName };
  const read = (file: string) => fillPlaceholders(readJson(join(inputs.dir, file)), placeholders);
  const endpoint = { uri: inputs.endpoint.arn };
  const region = regionCodeForAwsRegion(inputs.endpoint.region);

  const smartHomeFile = join('smart-home', 'skill.json');
  const smartHome = manifestFor(read(smartHomeFile), inputs.locales, shown(inputs.dir, smartHomeFile));
  const smartHomeApi = apiOf(smartHome, 'smartHome', shown(inputs.dir, smartHomeFile));
  const linkingFile = 'account-linking.json';
  const linking = read(linkingFile) as { accountLinkingRequest?: AccountLinkingRequest };
  if (!linking.accountLinkingRequest) throw new ScriptError(`${shown(inputs.dir, linkingFile)} must hold an accountLinkingRequest object`);

  const customFile = join('custom', 'skill.json');
  const custom = manifestFor(read(customFile), inputs.locales, shown(inputs.dir, customFile));
  const customApi = apiOf(custom, 'custom', shown(inputs.dir, customFile));

  const skills: SkillDefinition[] = [
    {
      kind: 'smartHome',
      label: 'Smart Home skill',
      configKey: 'smart_home_skill_id',
      manifestFile: shown(inputs.dir, smartHomeFile),
      names: namesOf(smartHome),
      createManifest: { manifest: smartHome },
      manifest: { manifest: withApi(smartHome, 'smartHome', { ...smartHomeApi, endpoint, ...(region ? { regions: { [region]: { endpoint } } } : {}) }) },
      interactionModels: {},
      accountLinking: linking.accountLinkingRequest,
      accountLinkingFile: shown(inputs.dir, linkingFile),
    },
    {
      kind: 'custom',
      label: 'Custom skill',
      configKey: 'custom_skill_id',
      manifestFile: shown(inputs.dir, customFile),
      names: namesOf(custom),
      createManifest: { manifest: custom },
      manifest: { manifest: withApi(custom, 'custom', { ...customApi, endpoint }) },
      interactionModels: Object.fromEntries(inputs.locales.map((locale) => [locale, modelFor(inputs.invocationName, locale)])),
    },
  ];
  return { skills, warnings };
}

function modelFor(invocationName: string, locale: string): InteractionModelEnvelope {
  try {
    return buildInteractionModel(invocationName, locale);
  } catch (err) {
    throw new ScriptError((err as Error).message);
  }
}

/** The template's manifest with `publishingInformation.locales` narrowed to config/skill.yaml's locales. */
function manifestFor(template: unknown, locales: readonly string[], file: string): JsonObject {
  const manifest = (template as { manifest?: JsonObject }).manifest;
  const publishing = manifest?.publishingInformation as JsonObject | undefined;
  const texts = publishing?.locales as Record<string, JsonObject> | undefined;
  const available = Object.keys(texts ?? {});
  if (!manifest || !publishing || !texts || available.length === 0) throw new ScriptError(`${file} must hold manifest.publishingInformation.locales with at least one locale`);
  const language = (locale: string) => locale.split('-')[0];
  const pick = (locale: string): JsonObject | undefined => {
    const sameLanguage = available.find((key) => language(key) === language(locale)) ?? available[0] ?? '';
    return texts[locale] ?? texts[sameLanguage];
  };
  return { ...manifest, publishingInformation: { ...publishing, locales: Object.fromEntries(locales.map((locale) => [locale, pick(locale)])) } };
}

function apiOf(manifest: JsonObject, api: string, file: string): JsonObject {
  const value = (manifest.apis as JsonObject | undefined)?.[api];
  if (value === null || typeof value !== 'object') throw new ScriptError(`${file} must declare manifest.apis.${api}`);
  return value as JsonObject;
}

function withApi(manifest: JsonObject, api: string, value: JsonObject): JsonObject {
  return { ...manifest, apis: { ...(manifest.apis as JsonObject), [api]: value } };
}

function namesOf(manifest: JsonObject): string[] {
  const texts = (manifest.publishingInformation as { locales: Record<string, { name?: unknown }> }).locales;
  return [...new Set(Object.values(texts).flatMap((text) => (typeof text.name === 'string' ? [text.name] : [])))];
}

function fillPlaceholders(value: unknown, values: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\{([A-Z_]+)\}/g, (whole, name: string) => values[name] ?? whole);
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, values));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillPlaceholders(item, values)]));
  return value;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ScriptError(`${shownPath(path)} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}): skill-package/ holds both skills' manifests and the account linking`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ScriptError(`${shownPath(path)} is not valid JSON: ${(err as Error).message}`);
  }
}

function shown(dir: string, file: string): string {
  return shownPath(join(dir, file));
}

function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
