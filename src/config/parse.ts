import * as yup from 'yup';
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

function fieldSchema(def: SettingDefinition, raw: RawValue | undefined): yup.Schema {
  const from = raw?.from ?? def.env;
  const shown = raw && !def.secret ? quote(raw.value) : 'the given value';
  switch (def.type) {
    case 'boolean':
      return yup
        .boolean()
        .transform((_value: unknown, original: unknown) =>
          typeof original === 'string' ? (parseBoolean(original) ?? original) : original)
        .typeError(`${from} must be one of true/false/1/0/yes/no (any case), got ${shown}`);
    case 'integer':
    case 'number': {
      let schema = yup
        .number()
        .transform((_value: unknown, original: unknown) =>
          typeof original === 'string' && original.trim() !== '' ? Number(original) : Number.NaN)
        .typeError(`${from} must be a ${def.type === 'integer' ? 'whole number' : 'number'}, got ${shown}`);
      if (def.type === 'integer') schema = schema.integer(`${from} must be a whole number, got ${shown}`);
      if (def.min !== undefined) schema = schema.min(def.min, `${from} must be at least ${def.min}, got ${shown}`);
      return schema;
    }
    case 'enum':
      return yup
        .string()
        .transform((value: string) => value.trim().toLowerCase())
        .oneOf([...(def.values ?? [])], `${from} must be one of ${(def.values ?? []).join(', ')}, got ${shown}`);
    case 'url': {
      const shownUrl = raw && !def.secret ? quote(withoutUserinfo(raw.value)) : shown;
      return yup
        .string()
        .transform((value: string) => value.trim().replace(/\/+$/, ''))
        .test('http-url', `${from} must be an http:// or https:// URL such as https://ha.example.com, got ${shownUrl}`, (value) => {
          if (value === undefined) return true;
          const url = parseUrl(value);
          return url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
        })
        // A password in the URL would be sent as Basic auth and end up in logs and answers; HA uses the token.
        .test('no-userinfo', `${from} must not contain a user name or password (user:password@): remove them, Home Assistant is reached with the access token, got ${shownUrl}`, (value) => {
          const url = value === undefined ? undefined : parseUrl(value);
          return url === undefined || (url.username === '' && url.password === '');
        });
    }
    case 'list':
      return yup
        .array(yup.string().required())
        .transform((_value: unknown, original: unknown) =>
          typeof original === 'string' ? original.split(',').map((part) => part.trim()).filter((part) => part !== '') : original);
    case 'json':
      return yup
        .mixed<Record<string, unknown>>()
        .transform((_value: unknown, original: unknown) => {
          if (typeof original !== 'string') return original;
          try {
            return JSON.parse(original) as unknown;
          } catch {
            return Symbol.for('invalid-json');
          }
        })
        .test('json-object', `${from} must be a JSON object, e.g. {"include_domains":["light"]}`, (value) =>
          value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value)));
    case 'pem':
      return yup
        .string()
        .test('pem', `${from} must hold PEM certificates (-----BEGIN CERTIFICATE----- …)`, (value) =>
          value === undefined || value.includes('-----BEGIN CERTIFICATE-----'));
    case 'string':
      return yup.string().transform((value: string) => value.trim());
  }
}

export interface ParseResult {
  readonly config?: Config;
  readonly errors: readonly string[];
}

/**
 * Validates every raw setting at once with one yup schema built from {@link SETTINGS} and reports all
 * errors together, each naming the environment variable or SSM parameter at fault.
 */
export function parseSettings(raw: RawSettings): ParseResult {
  const shape: Record<string, yup.Schema> = {};
  const input: Record<string, string> = {};
  for (const def of SETTINGS) {
    const given = raw.get(def.key);
    shape[def.key] = fieldSchema(def, given);
    const value = given?.value ?? def.default;
    if (value !== undefined && !(value.trim() === '' && def.type !== 'list')) input[def.key] = value;
  }
  try {
    const parsed = yup.object(shape).validateSync(input, { abortEarly: false, stripUnknown: true }) as Record<string, unknown>;
    const config = Object.freeze({ ...parsed }) as unknown as Config;
    const errors = crossCheck(config, raw);
    return errors.length > 0 ? { errors } : { config, errors };
  } catch (error) {
    if (error instanceof yup.ValidationError) return { errors: error.errors };
    throw error;
  }
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
  if (!config.parameterPrefix.startsWith('/')) {
    errors.push(`${raw.get('parameterPrefix')?.from ?? 'PARAMETER_PREFIX'} must start with "/", e.g. /lambda-execution-engine`);
  }
  return errors;
}
