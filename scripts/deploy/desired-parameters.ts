import { createHmac, randomBytes } from 'node:crypto';
import { MAX_PARAMETER_BYTES, type ParametersConfig } from '../config/parameters-config.js';
import type { SkillConfig } from '../config/skill-config.js';
import { ConfigError, ScriptError } from '../shared/errors.js';
import { REFRESH_TOKEN_PARAMETER } from '../skill/refresh-token-store.js';

export type ParameterType = 'String' | 'SecureString';

/** One parameter as config/ and the secrets want it to be. */
export interface DesiredParameter {
  /** Full name, e.g. `/lambda-execution-engine/homeassistant/url`. */
  name: string;
  value: string;
  type: ParameterType;
  /** Never shown: plans print `<secret, N chars>`. */
  secret: boolean;
  /** Where the value came from, for the plan: `config/parameters.yaml homeassistant.url`, `HA_TOKEN secret`. */
  source: string;
}

/** Names relative to the prefix, exactly as the Lambda reads them. */
export const PARAMETER_NAMES = {
  url: 'homeassistant/url',
  token: 'homeassistant/token',
  assistantName: 'homeassistant/assistant_name',
  verifySsl: 'homeassistant/verify_ssl',
  timeout: 'homeassistant/timeout',
  caBundle: 'homeassistant/ca_bundle',
  cfAccessClientId: 'homeassistant/cf_access_client_id',
  cfAccessClientSecret: 'homeassistant/cf_access_client_secret',
  filter: 'alexa/filter',
} as const;

/**
 * The Alexa events secrets (README "Alexa events"), relative to the prefix, and the GitHub secret each
 * comes from. Like the token they go into the settings set, as SecureStrings, only when the secret is set.
 */
export const EVENTS_SECRETS = [
  { secret: 'HA_EVENTS_SECRET', name: 'alexa/events/ingest_secret' },
  { secret: 'ALEXA_EVENTS_CLIENT_ID', name: 'alexa/events/client_id' },
  { secret: 'ALEXA_EVENTS_CLIENT_SECRET', name: 'alexa/events/client_secret' },
] as const;

/**
 * Parameters under the prefix that something other than config/ writes: the Lambda's Alexa grant
 * (written at AcceptGrant, deleted when Amazon says the skill was disabled) and the Skills workflow's
 * SMAPI refresh token. sync-parameters never deletes them, not even with --prune.
 */
export const RUNTIME_PARAMETER_NAMES = {
  eventsGrant: 'alexa/events/grant',
  skillsRefreshToken: REFRESH_TOKEN_PARAMETER,
} as const;

/** Placeholder hosts shipped in the template; syncing them would point the Lambda nowhere. */
const PLACEHOLDER_HOST = /(^|\.)example\.(com|org|net)$/;

export interface DesiredParametersInput {
  prefix: string;
  parameters: ParametersConfig;
  skill: SkillConfig;
  /** `HA_TOKEN`, `HA_URL`, `HA_CF_ACCESS_CLIENT_SECRET` and the events secrets come from here (GitHub secrets in the workflow). */
  env: NodeJS.ProcessEnv;
}

/**
 * The parameters the Lambda should find under the prefix. The token is included only when
 * `HA_TOKEN` is set, each events secret only when its GitHub secret is ({@link EVENTS_SECRETS});
 * `HA_URL` overrides the URL from config/parameters.yaml.
 */
export function buildDesiredParameters({ prefix, parameters, skill, env }: DesiredParametersInput): DesiredParameter[] {
  const ha = parameters.homeassistant;
  const file = parameters.file;
  const urlSource = ha.urlSource ?? `${file} homeassistant.url`;
  const at = (relative: string) => `${prefix}/${relative}`;
  const desired: DesiredParameter[] = [];

  const urlFromSecret = env.HA_URL?.trim();
  const url = urlFromSecret ? urlFromSecret.replace(/\/+$/, '') : ha.url;
  if (!url) throw new ConfigError([`config/deploy.yaml home_assistant_url: is required: your Home Assistant address (or homeassistant.url in ${file}, or the HA_URL secret)`]);
  if (!/^https?:\/\/[^/\s]+/.test(url)) throw new ScriptError('HA_URL must be an http(s) address such as https://ha.example.com');
  if (!urlFromSecret && PLACEHOLDER_HOST.test(new URL(url).hostname)) {
    throw new ConfigError([`${urlSource}: still the template's placeholder (${url}); put your Home Assistant address there or in the HA_URL secret`]);
  }
  desired.push({
    name: at(PARAMETER_NAMES.url),
    value: url,
    type: 'String',
    secret: Boolean(urlFromSecret),
    source: urlFromSecret ? 'HA_URL secret' : urlSource,
  });

  const token = env.HA_TOKEN?.trim();
  if (token) desired.push({ name: at(PARAMETER_NAMES.token), value: token, type: 'SecureString', secret: true, source: 'HA_TOKEN secret' });
  for (const { secret, name } of EVENTS_SECRETS) {
    const value = env[secret]?.trim();
    if (value) desired.push({ name: at(name), value, type: 'SecureString', secret: true, source: `${secret} secret` });
  }

  desired.push({
    name: at(PARAMETER_NAMES.assistantName),
    value: skill.assistantName,
    type: 'String',
    secret: false,
    source: `${skill.file} assistant_name`,
  });
  if (ha.verifySsl !== undefined) {
    desired.push({ name: at(PARAMETER_NAMES.verifySsl), value: String(ha.verifySsl), type: 'String', secret: false, source: `${file} homeassistant.verify_ssl` });
  }
  if (ha.timeout !== undefined) {
    desired.push({ name: at(PARAMETER_NAMES.timeout), value: String(ha.timeout), type: 'String', secret: false, source: `${file} homeassistant.timeout` });
  }
  // A Cloudflare Access service token: the ID in config/, the secret a SecureString from its own
  // GitHub secret, included (like the token) only when set; sync-parameters refuses an ID whose
  // secret is nowhere.
  const accessSecret = env.HA_CF_ACCESS_CLIENT_SECRET?.trim();
  if (accessSecret && !ha.cfAccessClientId) {
    throw new ConfigError([`${file} homeassistant.cf_access_client_id: is required when the HA_CF_ACCESS_CLIENT_SECRET secret is set: put the service token's Client ID there`]);
  }
  if (ha.cfAccessClientId) {
    desired.push({ name: at(PARAMETER_NAMES.cfAccessClientId), value: ha.cfAccessClientId, type: 'String', secret: false, source: `${file} homeassistant.cf_access_client_id` });
  }
  if (accessSecret) {
    desired.push({ name: at(PARAMETER_NAMES.cfAccessClientSecret), value: accessSecret, type: 'SecureString', secret: true, source: 'HA_CF_ACCESS_CLIENT_SECRET secret' });
  }
  if (ha.caBundle !== undefined) {
    desired.push({ name: at(PARAMETER_NAMES.caBundle), value: ha.caBundle, type: 'String', secret: false, source: `${file} homeassistant.ca_bundle` });
  }
  const filter = parameters.alexa.filter;
  if (filter) {
    const json = JSON.stringify(filter);
    if (Buffer.byteLength(json) > MAX_PARAMETER_BYTES) {
      throw new ConfigError([
        `${file} alexa.filter: is ${Buffer.byteLength(json)} bytes as JSON, more than Parameter Store's ${MAX_PARAMETER_BYTES}: ` +
          'use include_domains or globs instead of long entity lists',
      ]);
    }
    desired.push({ name: at(PARAMETER_NAMES.filter), value: json, type: 'String', secret: false, source: `${file} alexa.filter` });
  }
  return desired;
}

/** Each version's settings (the token too) live under `<prefix>/settings/<id>/`, as the Lambda reads them with PARAMETER_SET. */
export const SETTINGS_SEGMENT = 'settings';

/**
 * `<prefix>/deploy/id-key`: a random key, made once per installation by sync-parameters, that names
 * the settings sets. A set's ID is printed in public Actions logs, and its content includes HA_URL
 * and the token, so a plain hash would let anyone confirm a guess offline; an HMAC with this key
 * cannot be checked without reading Parameter Store, yet stays the same for the same settings.
 */
export const ID_KEY_NAME = 'deploy/id-key';

/** A new ID key: 32 random bytes. */
export function newIdKey(): string {
  return randomBytes(32).toString('base64url');
}

/** The ID key as a parameter under the prefix (a SecureString, never shown). */
export function idKeyParameter(prefix: string, value: string): DesiredParameter {
  return { name: `${prefix}/${ID_KEY_NAME}`, value, type: 'SecureString', secret: true, source: 'made by sync-parameters' };
}

/** What sync-parameters writes and deploy-lambda checks: one set, named by an HMAC of its content. */
export interface VersionedParameters {
  /** The set's name: 16 hex digits of the HMAC-SHA256 (with the ID key) of its names and values; the version's PARAMETER_SET. */
  setId: string;
  /** `<prefix>/settings/<setId>`. */
  setPath: string;
  /** Every setting under `setPath`: the token (when `HA_TOKEN` is set) and the non-secret ones. */
  parameters: DesiredParameter[];
  /** Whether the set holds the token; without it the version reads the shared `<prefix>/homeassistant/token`. */
  hasToken: boolean;
}

/**
 * The parameters of {@link buildDesiredParameters}, moved into a set named by its content. Writing a
 * set never changes what a published version reads (its set has another name, or the same content),
 * so the settings and the token move with the version that deploy-lambda smoke-tests, and a
 * rollback brings back the token its version was deployed with.
 */
export function buildVersionedParameters(input: DesiredParametersInput, idKey: string): VersionedParameters {
  return versionParameters(input.prefix, buildDesiredParameters(input), idKey);
}

/** {@link buildVersionedParameters} of parameters already built (and so validated). */
export function versionParameters(prefix: string, desired: readonly DesiredParameter[], idKey: string): VersionedParameters {
  const tokenName = `${prefix}/${PARAMETER_NAMES.token}`;
  const settings = desired.map((parameter) => ({ ...parameter, relative: parameter.name.slice(prefix.length + 1) }));
  const content = JSON.stringify(settings.map((parameter) => [parameter.relative, parameter.value]).sort());
  const setId = createHmac('sha256', idKey).update(content).digest('hex').slice(0, 16);
  const setPath = `${prefix}/${SETTINGS_SEGMENT}/${setId}`;
  const moved = settings.map(({ relative, ...parameter }) => ({ ...parameter, name: `${setPath}/${relative}` }));
  return { setId, setPath, parameters: moved, hasToken: desired.some((parameter) => parameter.name === tokenName) };
}
