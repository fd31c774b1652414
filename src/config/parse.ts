import { SETTINGS, type Config, type SettingDefinition } from './schema.js';

/** Where a raw value came from, for error messages: `HA_VERIFY_SSL`, `SSM /prefix/homeassistant/verify_ssl` or `default`. */
export interface RawValue {
  readonly value: string;
  readonly from: string;
}

export type RawSettings = ReadonlyMap<keyof Config, RawValue>;

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/**
 * Strict boolean: true/false/1/0/yes/no in any case. Anything else is not a boolean, so that
 * `"False"` can never turn something on (the Python bridges' `bool(env)` did exactly that).
 */
export function parseBoolean(text: string): boolean | undefined {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
}

function quote(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown);
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A URL as it may be shown in an error: anything before an `@` in the authority (a password) replaced by `…`. */
function withoutUserinfo(text: string): string {
  return text.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1…@');
}

/** A setting's value after validation, or every problem with it. */
type FieldResult = { readonly value: unknown; readonly errors?: undefined } | { readonly errors: readonly string[] };

/**
 * Validates and converts one setting (present: `text` is never empty, except for a list). Hand-written
 * rather than yup on purpose: this runs on every cold start before the first answer, and yup's import
 * plus its schema cost ~20 ms of CPU there, against well under 1 ms for this (issue 10). yup stays the
 * validator of the deploy-time configuration files (scripts/config/).
 */
function parseField(def: SettingDefinition, raw: RawValue | undefined, text: string): FieldResult {
  const from = raw?.from ?? def.env;
  const shown = raw && !def.secret ? quote(raw.value) : 'the given value';
  switch (def.type) {
    case 'boolean': {
      const value = parseBoolean(text);
      return value === undefined ? { errors: [`${from} must be one of true/false/1/0/yes/no (any case), got ${shown}`] } : { value };
    }
    case 'integer':
    case 'number': {
      const value = text.trim() === '' ? Number.NaN : Number(text);
      if (Number.isNaN(value)) return { errors: [`${from} must be a ${def.type === 'integer' ? 'whole number' : 'number'}, got ${shown}`] };
      const errors: string[] = [];
      if (def.type === 'integer' && !Number.isInteger(value)) errors.push(`${from} must be a whole number, got ${shown}`);
      if (def.min !== undefined && value < def.min) errors.push(`${from} must be at least ${def.min}, got ${shown}`);
      return errors.length > 0 ? { errors } : { value };
    }
    case 'enum': {
      const value = text.trim().toLowerCase();
      const values = def.values ?? [];
      return values.includes(value) ? { value } : { errors: [`${from} must be one of ${values.join(', ')}, got ${shown}`] };
    }
    case 'url': {
      const value = text.trim().replace(/\/+$/, '');
      const shownUrl = raw && !def.secret ? quote(withoutUserinfo(raw.value)) : shown;
      const url = parseUrl(value);
      if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
        return { errors: [`${from} must be an http:// or https:// URL such as https://ha.example.com, got ${shownUrl}`] };
      }
      // A password in the URL would be sent as Basic auth and end up in logs and answers; HA uses the token.
      if (url.username !== '' || url.password !== '') {
        return { errors: [`${from} must not contain a user name or password (user:password@): remove them, Home Assistant is reached with the access token, got ${shownUrl}`] };
      }
      return { value };
    }
    case 'list':
      return { value: text.split(',').map((part) => part.trim()).filter((part) => part !== '') };
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text) as unknown;
      } catch {
        value = undefined;
      }
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? { value } : { errors: [`${from} must be a JSON object, e.g. {"include_domains":["light"]}`] };
    }
    case 'pem':
      return text.includes('-----BEGIN CERTIFICATE-----') ? { value: text } : { errors: [`${from} must hold PEM certificates (-----BEGIN CERTIFICATE----- …)`] };
    case 'string':
      return { value: text.trim() };
  }
}

export interface ParseResult {
  readonly config?: Config;
  readonly errors: readonly string[];
}

/**
 * Validates every raw setting of {@link SETTINGS} at once and reports all errors together, each naming
 * the environment variable or SSM parameter at fault. A setting left empty takes its default.
 */
export function parseSettings(raw: RawSettings): ParseResult {
  const parsed: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const def of SETTINGS) {
    const given = raw.get(def.key);
    const text = given?.value ?? def.default;
    if (text === undefined || (text.trim() === '' && def.type !== 'list')) continue;
    const field = parseField(def, given, text);
    if (field.errors !== undefined) errors.push(...field.errors);
    else parsed[def.key] = field.value;
  }
  if (errors.length > 0) return { errors };
  const config = Object.freeze(parsed) as unknown as Config;
  const problems = crossCheck(config, raw);
  return problems.length > 0 ? { errors: problems } : { config, errors };
}

function crossCheck(config: Config, raw: RawSettings): string[] {
  const errors: string[] = [];
  if (config.homeAssistantEnabled && config.homeAssistantUrl === undefined) {
    errors.push(
      config.useParameterStore
        ? `HOME_ASSISTANT_URL is not set and SSM ${config.parameterPrefix}/homeassistant/url was not found: set one of them to your Home Assistant URL`
        : 'HOME_ASSISTANT_URL is required (or set USE_PARAMETER_STORE=true to read it from SSM)',
    );
  }
  if (config.tokenSource === 'stored' && config.homeAssistantToken === undefined) {
    errors.push(
      `HA_TOKEN_SOURCE=stored needs a stored token: set HOME_ASSISTANT_TOKEN${config.useParameterStore ? ` or SSM ${config.parameterPrefix}/homeassistant/token` : ''}`,
    );
  }
  if (config.exposureLabels.length !== 2 || config.exposureLabels[0] === config.exposureLabels[1]) {
    errors.push(`${raw.get('exposureLabels')?.from ?? 'HA_EXPOSURE_LABELS'} must name two different label IDs, include then exclude, e.g. alexa,no_alexa`);
  }
  if ((config.cfAccessClientId === undefined) !== (config.cfAccessClientSecret === undefined)) {
    const [given, missing] = config.cfAccessClientId === undefined
      ? [raw.get('cfAccessClientSecret')?.from ?? 'HA_CF_ACCESS_CLIENT_SECRET', 'HA_CF_ACCESS_CLIENT_ID']
      : [raw.get('cfAccessClientId')?.from ?? 'HA_CF_ACCESS_CLIENT_ID', 'HA_CF_ACCESS_CLIENT_SECRET'];
    errors.push(`${given} is set but ${missing} is not: a Cloudflare Access service token needs both its client ID and its client secret`);
  }
  if (!config.parameterPrefix.startsWith('/')) {
    errors.push(`${raw.get('parameterPrefix')?.from ?? 'PARAMETER_PREFIX'} must start with "/", e.g. /lambda-execution-engine`);
  }
  return errors;
}
