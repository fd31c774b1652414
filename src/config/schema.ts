/**
 * The one schema of every setting the Lambda reads: its name, environment variable, SSM parameter,
 * type, default, whether it is secret, and a one-line doc. The README's settings table is generated
 * from this list (`npm run docs:settings`) and a test checks that the two agree.
 *
 * Names of the product this replaces (the "Lambda Execution Engine") are kept exactly, so that its
 * users can move over without renaming anything.
 */

export type SettingType = 'boolean' | 'integer' | 'number' | 'string' | 'url' | 'enum' | 'list' | 'json' | 'pem';

export interface SettingDefinition {
  /** Property name in {@link Config}. */
  readonly key: keyof Config;
  /** Environment variable; always present: every setting can be given by env (env wins over SSM). */
  readonly env: string;
  /** Parameter name under `PARAMETER_PREFIX`, when the setting may come from SSM Parameter Store. */
  readonly ssm?: string;
  readonly type: SettingType;
  readonly values?: readonly string[];
  /** Default value, as it would be written in the environment. */
  readonly default?: string;
  readonly secret: boolean;
  /** One line for the README. */
  readonly doc: string;
  /** Lower bound for numbers. */
  readonly min?: number;
}

export const FEATURE_PRESETS = ['minimal', 'standard', 'full'] as const;
export type FeaturePreset = (typeof FEATURE_PRESETS)[number];
export const ALEXA_MODES = ['native', 'proxy'] as const;
export type AlexaMode = (typeof ALEXA_MODES)[number];
export const TOKEN_SOURCES = ['auto', 'directive', 'stored'] as const;
export type TokenSource = (typeof TOKEN_SOURCES)[number];
export const EVENTS_SWITCH = ['off', 'on'] as const;
export type EventsSwitch = (typeof EVENTS_SWITCH)[number];
export const REPORT_CAUSES = ['context', 'app'] as const;
export type ReportCause = (typeof REPORT_CAUSES)[number];
export const EXPOSURE_SOURCES = ['filter', 'assist', 'label'] as const;
export type ExposureSource = (typeof EXPOSURE_SOURCES)[number];
export const ALEXA_NAME_SOURCES = ['entity', 'alias'] as const;
export type AlexaNameSource = (typeof ALEXA_NAME_SOURCES)[number];

export interface Config {
  readonly homeAssistantEnabled: boolean;
  readonly useParameterStore: boolean;
  readonly parameterPrefix: string;
  readonly parameterSet: string | undefined;
  readonly parameterCacheTtlSeconds: number;
  readonly homeAssistantUrl: string | undefined;
  readonly homeAssistantToken: string | undefined;
  readonly timeoutSeconds: number;
  readonly verifySsl: boolean;
  readonly caBundle: string | undefined;
  readonly cfAccessClientId: string | undefined;
  readonly cfAccessClientSecret: string | undefined;
  readonly featurePreset: FeaturePreset;
  readonly alexaMode: AlexaMode;
  readonly tokenSource: TokenSource;
  readonly alexaFilter: Readonly<Record<string, unknown>> | undefined;
  readonly exposureSource: ExposureSource;
  /** Label ids: `[force-include, force-exclude]`. */
  readonly exposureLabels: readonly string[];
  readonly alexaNames: AlexaNameSource;
  readonly alexaLocale: string;
  readonly alexaSkillIds: readonly string[];
  readonly assistantName: string;
  readonly conversationAgent: string | undefined;
  readonly cacheTtlSeconds: number;
  readonly circuitFailureThreshold: number;
  readonly circuitCooldownSeconds: number;
  readonly lugsEnabled: boolean;
  readonly debugMode: boolean;
  readonly alexaEvents: EventsSwitch;
  readonly alexaEventsClientId: string | undefined;
  readonly alexaEventsClientSecret: string | undefined;
  readonly haEventsSecret: string | undefined;
  readonly alexaReportCause: ReportCause;
}

export const DEFAULT_PARAMETER_PREFIX = '/lambda-execution-engine';

export const SETTINGS: readonly SettingDefinition[] = [
  { key: 'homeAssistantEnabled', env: 'HOME_ASSISTANT_ENABLED', type: 'boolean', default: 'true', secret: false,
    doc: 'Master switch. When false, Smart Home directives get BRIDGE_UNREACHABLE and the Custom skill says Home Assistant is switched off.' },
  { key: 'useParameterStore', env: 'USE_PARAMETER_STORE', type: 'boolean', default: 'false', secret: false,
    doc: 'Read the settings marked with an SSM parameter from Parameter Store (one GetParametersByPath per cold start). When false, no AWS call is made at all.' },
  { key: 'parameterPrefix', env: 'PARAMETER_PREFIX', type: 'string', default: DEFAULT_PARAMETER_PREFIX, secret: false,
    doc: 'Path under which the SSM parameters live, e.g. `/lambda-execution-engine/homeassistant/url`.' },
  { key: 'parameterSet', env: 'PARAMETER_SET', type: 'string', secret: false,
    doc: 'Set by `npm run deploy-lambda` on each published version: its SSM settings are read from `PARAMETER_PREFIX/settings/<PARAMETER_SET>/` only (written by `npm run sync-parameters`), so a later sync never changes a running version. The token too when the set has one (`HA_TOKEN` at sync time), else `PARAMETER_PREFIX/homeassistant/token`. Unset: every setting is read from the prefix itself.' },
  { key: 'parameterCacheTtlSeconds', env: 'PARAMETER_CACHE_TTL', type: 'integer', default: '300', min: 0, secret: false,
    doc: 'Seconds before Parameter Store is read again by a warm container. A failed read is retried after 10 s; meanwhile a warm container keeps its last good settings.' },
  { key: 'homeAssistantUrl', env: 'HOME_ASSISTANT_URL', ssm: '/homeassistant/url', type: 'url', secret: false,
    doc: 'Base URL of Home Assistant as the Lambda reaches it, e.g. `https://ha.example.com`. Plain `http://` is accepted (a warning is logged once when it leaves loopback or private ranges).' },
  { key: 'homeAssistantToken', env: 'HOME_ASSISTANT_TOKEN', ssm: '/homeassistant/token', type: 'string', secret: true,
    doc: 'Long-lived access token (SSM: SecureString). Used when a directive carries no token of its own, or always with `HA_TOKEN_SOURCE=stored`.' },
  { key: 'timeoutSeconds', env: 'HA_TIMEOUT', ssm: '/homeassistant/timeout', type: 'number', default: '7.5', min: 0.1, secret: false,
    doc: 'Seconds to wait for Home Assistant. Alexa requests are always capped at 7.5 s (Alexa gives up after 8 s), whatever this says; the old guide\'s 30 is accepted and capped.' },
  { key: 'verifySsl', env: 'HA_VERIFY_SSL', ssm: '/homeassistant/verify_ssl', type: 'boolean', default: 'true', secret: false,
    doc: 'Verify Home Assistant\'s TLS certificate. `false` affects only the Home Assistant connection, never the process. Prefer `HA_CA_BUNDLE` for self-signed certificates.' },
  { key: 'caBundle', env: 'HA_CA_BUNDLE', ssm: '/homeassistant/ca_bundle', type: 'pem', secret: false,
    doc: 'PEM certificate(s) to trust for Home Assistant, in addition to the public roots: the safe answer to self-signed certificates.' },
  { key: 'cfAccessClientId', env: 'HA_CF_ACCESS_CLIENT_ID', ssm: '/homeassistant/cf_access_client_id', type: 'string', secret: false,
    doc: 'Client ID of a Cloudflare Access service token, for a Home Assistant behind Cloudflare Access: sent as `CF-Access-Client-Id` to Home Assistant only. Set together with `HA_CF_ACCESS_CLIENT_SECRET`.' },
  { key: 'cfAccessClientSecret', env: 'HA_CF_ACCESS_CLIENT_SECRET', ssm: '/homeassistant/cf_access_client_secret', type: 'string', secret: true,
    doc: 'Client secret of that service token (SSM: SecureString, from the `HA_CF_ACCESS_CLIENT_SECRET` secret): sent as `CF-Access-Client-Secret` to Home Assistant only, never logged.' },
  { key: 'featurePreset', env: 'HA_FEATURE_PRESET', type: 'enum', values: FEATURE_PRESETS, default: 'standard', secret: false,
    doc: 'Which Home Assistant domains are exposed to Alexa in native mode (see Presets).' },
  { key: 'alexaMode', env: 'HA_ALEXA_MODE', type: 'enum', values: ALEXA_MODES, default: 'native', secret: false,
    doc: '`native`: the Lambda translates directives into REST calls itself. `proxy`: directives are forwarded to Home Assistant\'s `/api/alexa/smart_home`.' },
  { key: 'tokenSource', env: 'HA_TOKEN_SOURCE', type: 'enum', values: TOKEN_SOURCES, default: 'auto', secret: false,
    doc: '`auto`: the directive\'s bearer token when present, else the stored token. `directive`: only the directive\'s token. `stored`: always the stored token (skills linked through Login with Amazon).' },
  { key: 'alexaFilter', env: 'HA_ALEXA_FILTER', ssm: '/alexa/filter', type: 'json', secret: false,
    doc: 'Exposure filter as JSON: include/exclude domains, entities and entity globs, plus `entity_config` overrides (see Exposure filter).' },
  { key: 'exposureSource', env: 'HA_EXPOSURE', type: 'enum', values: EXPOSURE_SOURCES, default: 'filter', secret: false,
    doc: 'Native mode: where exposure comes from. `filter`: the preset and `HA_ALEXA_FILTER` only (no WebSocket). `assist`: also Home Assistant\'s Settings → Voice assistants → Expose page (the Assist column), read over the WebSocket API. `label`: only entities with the include label. Both need an administrator\'s token (see Exposure from Home Assistant).' },
  { key: 'exposureLabels', env: 'HA_EXPOSURE_LABELS', type: 'list', default: 'alexa,no_alexa', secret: false,
    doc: 'Two label IDs for `HA_EXPOSURE=assist|label`: entities with the first are always exposed, with the second never (the second wins).' },
  { key: 'alexaNames', env: 'HA_ALEXA_NAMES', type: 'enum', values: ALEXA_NAME_SOURCES, default: 'entity', secret: false,
    doc: 'Alexa names with `HA_EXPOSURE=assist|label`: `entity` (the entity\'s name) or `alias` (its first alias from Home Assistant\'s Voice assistants settings). `entity_config` names win over both.' },
  { key: 'alexaLocale', env: 'ALEXA_LOCALE', type: 'string', default: 'en-US', secret: false,
    doc: 'Locale of the Smart Home skill; capabilities that Alexa does not support in it are left out of discovery, as Home Assistant does.' },
  { key: 'alexaSkillIds', env: 'ALEXA_SKILL_ID', type: 'list', default: '', secret: false,
    doc: 'Comma-separated Alexa skill IDs allowed to call the Custom skill handler. Unset: Custom skill requests are refused.' },
  { key: 'assistantName', env: 'HA_ASSISTANT_NAME', ssm: '/homeassistant/assistant_name', type: 'string', default: 'Home Assistant', secret: false,
    doc: 'Name the Custom skill uses for itself ("Jarvis"). The environment variable overrides the SSM parameter.' },
  { key: 'conversationAgent', env: 'HA_CONVERSATION_AGENT', type: 'string', secret: false,
    doc: 'Optional Assist `agent_id` for the Custom skill, e.g. `conversation.openai`. Unset: Home Assistant\'s default agent.' },
  { key: 'cacheTtlSeconds', env: 'HA_CACHE_TTL', type: 'integer', default: '0', min: 0, secret: false,
    doc: 'Seconds to cache `/api/config` and the state list used by discovery. 0 (default) keeps discovery exact, so new entities appear at once.' },
  { key: 'circuitFailureThreshold', env: 'HA_CIRCUIT_THRESHOLD', type: 'integer', default: '5', min: 1, secret: false,
    doc: 'Consecutive unreachable or 5xx answers after which the circuit opens and requests are answered at once without calling Home Assistant.' },
  { key: 'circuitCooldownSeconds', env: 'HA_CIRCUIT_COOLDOWN', type: 'number', default: '30', min: 0, secret: false,
    doc: 'Seconds the circuit stays open before one probe request is let through.' },
  { key: 'lugsEnabled', env: 'LUGS_ENABLED', type: 'boolean', default: 'true', secret: false,
    doc: 'Lazy loading: the native translator, the Custom skill and the SSM client are loaded on first use. `false` loads them at init.' },
  { key: 'debugMode', env: 'DEBUG_MODE', type: 'boolean', default: 'false', secret: false,
    doc: 'Adds detail to the log lines (still without tokens).' },
  { key: 'alexaEvents', env: 'ALEXA_EVENTS', type: 'enum', values: EVENTS_SWITCH, default: 'off', secret: false,
    doc: 'Native mode only. `on`: AcceptGrant exchanges its code at Login with Amazon and stores the grant in Parameter Store (`PARAMETER_PREFIX/alexa/events/grant`, written by the function), and Home Assistant\'s pokes on the Function URL (`POST /v1/ha/push`) become ChangeReports, doorbell presses and discovery updates. `off`: AcceptGrant is accepted without exchanging the code, and an authenticated poke is answered 403.' },
  { key: 'alexaEventsClientId', env: 'ALEXA_EVENTS_CLIENT_ID', ssm: '/alexa/events/client_id', type: 'string', secret: false,
    doc: 'The skill\'s Alexa Skill Messaging client ID (developer console, Permissions, "Send Alexa Events"); used with `ALEXA_EVENTS=on`.' },
  { key: 'alexaEventsClientSecret', env: 'ALEXA_EVENTS_CLIENT_SECRET', ssm: '/alexa/events/client_secret', type: 'string', secret: true,
    doc: 'The skill\'s Alexa Skill Messaging client secret (SSM: SecureString); used with `ALEXA_EVENTS=on`.' },
  { key: 'haEventsSecret', env: 'HA_EVENTS_SECRET', ssm: '/alexa/events/ingest_secret', type: 'string', secret: true,
    doc: 'The bearer secret Home Assistant sends to the Function URL (`Authorization: Bearer <secret>`), at least 32 characters (SSM: SecureString). Unset: every poke is refused.' },
  { key: 'alexaReportCause', env: 'ALEXA_REPORT_CAUSE', type: 'enum', values: REPORT_CAUSES, default: 'context', secret: false,
    doc: '`context`: a ChangeReport\'s cause follows Home Assistant\'s event context (automation → RULE_TRIGGER, a user → APP_INTERACTION, else PHYSICAL_INTERACTION). `app`: always APP_INTERACTION, as Home Assistant\'s own integration sends.' },
];

/** The values of every secret setting, for the invocation's redaction (by construction: a new secret setting is covered). */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const def of SETTINGS) {
    const value = config[def.key];
    if (def.secret && typeof value === 'string') values.push(value);
  }
  return values;
}

/** Maximum time Alexa waits for any answer is 8 s; we always answer before this. */
export const ALEXA_BUDGET_MS = 7_500;
