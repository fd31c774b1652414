import { BOOLEAN_HINT, parseBoolean } from '../shared/booleans.js';

/**
 * The Lambda's settings as the scripts see them (the full table with defaults is README.md#settings).
 * Names follow the setup guide this project replaces, so existing users keep their values.
 */

/** Environment variables that override a Parameter Store value when both are set. */
export const PARAMETER_BACKED_ENV: Readonly<Record<string, string>> = {
  HOME_ASSISTANT_URL: 'homeassistant/url',
  HOME_ASSISTANT_TOKEN: 'homeassistant/token',
  HA_ASSISTANT_NAME: 'homeassistant/assistant_name',
  HA_VERIFY_SSL: 'homeassistant/verify_ssl',
  HA_TIMEOUT: 'homeassistant/timeout',
  HA_CA_BUNDLE: 'homeassistant/ca_bundle',
  HA_CF_ACCESS_CLIENT_ID: 'homeassistant/cf_access_client_id',
  HA_CF_ACCESS_CLIENT_SECRET: 'homeassistant/cf_access_client_secret',
  HA_ALEXA_FILTER: 'alexa/filter',
  ALEXA_EVENTS_CLIENT_ID: 'alexa/events/client_id',
  ALEXA_EVENTS_CLIENT_SECRET: 'alexa/events/client_secret',
  HA_EVENTS_SECRET: 'alexa/events/ingest_secret',
};

/** Set by deploy-lambda on every deploy; not editable in config/function.yaml. */
export const DEPLOY_OWNED_ENV = ['USE_PARAMETER_STORE', 'PARAMETER_PREFIX', 'PARAMETER_SET'] as const;

/**
 * Set by deploy-lambda from config/deploy.yaml and config/skill.yaml on every deploy, so they cannot
 * disagree with the skill: the hint says where they come from.
 */
export const SKILL_DERIVED_ENV: Readonly<Record<string, string>> = {
  ALEXA_LOCALE: 'derived from language in config/deploy.yaml (or the first entry of locales in config/skill.yaml); remove it here',
  ALEXA_SKILL_ID: 'derived from custom_skill_id in config/skill.yaml; put your Custom skill ID there and remove it here',
};

const SKILL_ID = /^amzn1\.ask\.skill\.[0-9a-f-]{36}$/;
const LOCALE = /^[a-z]{2}-[A-Z]{2}$/;

/** Returns an error message, or undefined when the value is fine. */
type Check = (value: string) => string | undefined;

const oneOf =
  (...allowed: string[]): Check =>
  (value) =>
    allowed.includes(value) ? undefined : `must be one of ${allowed.join(', ')}`;
const bool: Check = (value) => (parseBoolean(value) === undefined ? BOOLEAN_HINT : undefined);
const text: Check = (value) => (value.trim() ? undefined : 'must not be empty');

/** Env-only settings that config/function.yaml may set, with their checks. */
export const ENVIRONMENT_SETTINGS: Readonly<Record<string, Check>> = {
  HOME_ASSISTANT_ENABLED: bool,
  HA_FEATURE_PRESET: oneOf('minimal', 'standard', 'full'),
  LUGS_ENABLED: bool,
  DEBUG_MODE: bool,
  HA_CACHE_TTL: (value) => (/^\d+$/.test(value) ? undefined : 'must be a whole number of seconds (0 turns the cache off)'),
  PARAMETER_CACHE_TTL: (value) => (/^\d+$/.test(value) ? undefined : 'must be a whole number of seconds'),
  HA_CIRCUIT_THRESHOLD: (value) => (/^[1-9]\d*$/.test(value) ? undefined : 'must be a whole number of failures, at least 1'),
  HA_CIRCUIT_COOLDOWN: (value) => (/^\d+(\.\d+)?$/.test(value) ? undefined : 'must be a number of seconds'),
  HA_ALEXA_MODE: oneOf('native', 'proxy'),
  ALEXA_SKILL_ID: (value) =>
    value.split(',').every((id) => SKILL_ID.test(id.trim()))
      ? undefined
      : 'must be one or more skill IDs (amzn1.ask.skill.<uuid>), separated by commas',
  HA_TOKEN_SOURCE: oneOf('auto', 'directive', 'stored'),
  HA_EXPOSURE: oneOf('filter', 'assist', 'label'),
  HA_EXPOSURE_LABELS: (value) => (/^[a-z0-9_]+,[a-z0-9_]+$/.test(value.replace(/\s/g, '')) ? undefined : 'must be two label IDs, include then exclude, e.g. alexa,no_alexa'),
  HA_ALEXA_NAMES: oneOf('entity', 'alias'),
  HA_CONVERSATION_AGENT: text,
  ALEXA_LOCALE: (value) => (LOCALE.test(value) ? undefined : 'must be a locale such as en-US or de-DE'),
  ALEXA_EVENTS: oneOf('off', 'on'),
  ALEXA_REPORT_CAUSE: oneOf('context', 'app'),
  NODE_OPTIONS: text,
};

/** Why a key cannot go under `environment:` in config/function.yaml, for the error message. */
export function environmentKeyHint(key: string): string {
  const parameter = PARAMETER_BACKED_ENV[key];
  const derived = SKILL_DERIVED_ENV[key];
  if (derived) return derived;
  if (key === 'HOME_ASSISTANT_TOKEN') return 'the token never lives in config/: set the HA_TOKEN secret';
  if (key === 'HA_CF_ACCESS_CLIENT_SECRET') return 'the Cloudflare Access client secret never lives in config/: set the HA_CF_ACCESS_CLIENT_SECRET secret';
  if (key === 'HA_ASSISTANT_NAME') return 'set assistant_name in config/skill.yaml (synced to Parameter Store)';
  if (parameter) return `set this in config/parameters.yaml (${parameter.replace('/', '.')}), which is synced to Parameter Store`;
  if ((DEPLOY_OWNED_ENV as readonly string[]).includes(key)) return 'deploy-lambda sets this itself (PARAMETER_PREFIX comes from parameter_prefix in config/deploy.yaml, PARAMETER_SET from config/parameters.yaml)';
  return `not a setting of this Lambda; allowed: ${Object.keys(ENVIRONMENT_SETTINGS).filter((name) => !(name in SKILL_DERIVED_ENV)).join(', ')} (see README.md#settings)`;
}
