import { join, relative } from 'node:path';
import * as yup from 'yup';
import { alexaFilterSchema, normalizeAlexaFilter, type AlexaFilter } from './alexa-filter.js';
import { BOOLEAN_HINT, parseBoolean } from '../shared/booleans.js';
import { strictObject, validateFile } from './validate.js';
import { readYamlFile } from './yaml-file.js';
import { ConfigError } from '../shared/errors.js';
import { disagreement, isText, peekKey } from './essentials.js';

/** What config/parameters.yaml holds: the Lambda settings synced to Parameter Store. */
export interface ParametersConfig {
  file: string;
  homeassistant: {
    /** `homeassistant.url`, else config/deploy.yaml's `home_assistant_url`. */
    url?: string;
    /** Where `url` came from, for plans and messages: `config/deploy.yaml home_assistant_url`. */
    urlSource?: string;
    verifySsl?: boolean;
    /** Seconds per Home Assistant request; at most 7.5 because Alexa gives up after 8 s. */
    timeout?: number;
    caBundle?: string;
    /** Client ID of a Cloudflare Access service token; its secret is the HA_CF_ACCESS_CLIENT_SECRET secret. */
    cfAccessClientId?: string;
  };
  alexa: { filter?: AlexaFilter };
}

export const PARAMETERS_FILE = 'parameters.yaml';

/** Parameter Store's standard tier holds up to 4 KB per value. */
export const MAX_PARAMETER_BYTES = 4096;
/** Alexa waits 8 s for an answer; the Lambda needs a little of that for itself. */
export const MAX_HA_TIMEOUT_SECONDS = 7.5;

const booleanSetting = () =>
  yup
    .mixed<boolean | string | number>()
    .test('strict-boolean', BOOLEAN_HINT, (value) => value === undefined || value === null || parseBoolean(value) !== undefined);

/** An address Home Assistant is reachable at from the internet (homeassistant.url here, home_assistant_url in config/deploy.yaml). */
export const homeAssistantUrlSchema = yup
  .string()
  .strict()
  .typeError('must be a URL such as https://ha.example.com')
  .test('url', 'must be the https:// (or http://) address Home Assistant is reachable at from the internet, e.g. https://ha.example.com', (value) => {
    if (value === undefined) return true;
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash;
    } catch {
      return false;
    }
  })
  .test('no-api', 'give the base address without /api (the Lambda adds the API paths)', (value) => !value || !/\/api\/?$/.test(value))
  // The Lambda refuses user:password@ (it would reach logs and answers); refuse it here, before a deploy.
  .test('no-userinfo', 'must not contain a user name or password (user:password@): Home Assistant is reached with the HA_TOKEN access token', (value) => {
    if (!value) return true;
    try {
      const url = new URL(value);
      return url.username === '' && url.password === '';
    } catch {
      return true;
    }
  });

const caBundleSchema = yup
  .string()
  .strict()
  .typeError('must be PEM text (use a YAML block: ca_bundle: |)')
  .test('pem', 'must contain at least one -----BEGIN CERTIFICATE----- block', (value) => value === undefined || value.includes('-----BEGIN CERTIFICATE-----'))
  .test(
    'size',
    `must be at most ${MAX_PARAMETER_BYTES} bytes (Parameter Store standard tier): keep only the root and intermediate certificates`,
    (value) => value === undefined || Buffer.byteLength(value) <= MAX_PARAMETER_BYTES,
  );

const homeAssistantSchema = strictObject(
  {
    url: homeAssistantUrlSchema.optional(),
    verify_ssl: booleanSetting(),
    timeout: yup
      .number()
      .typeError('must be a number of seconds, e.g. 6')
      .moreThan(0, 'must be more than 0 seconds')
      .max(
        MAX_HA_TIMEOUT_SECONDS,
        `must be at most ${MAX_HA_TIMEOUT_SECONDS} seconds: Alexa gives up after 8 s (the old guide's 30 s never worked)`,
      ),
    ca_bundle: caBundleSchema.optional(),
    cf_access_client_id: yup.string().strict().trim().typeError('must be the Client ID of a Cloudflare Access service token (text ending in .access)').optional(),
  },
  {
    token: 'the token never lives in config/: set the HA_TOKEN secret (gh secret set HA_TOKEN --env production)',
    cf_access_client_secret: 'the Cloudflare Access client secret never lives in config/: set the HA_CF_ACCESS_CLIENT_SECRET secret (gh secret set HA_CF_ACCESS_CLIENT_SECRET --env production)',
    assistant_name: 'assistant_name lives in config/skill.yaml',
  },
);

const parametersSchema = strictObject(
  {
    homeassistant: homeAssistantSchema.default({}),
    alexa: strictObject({ filter: alexaFilterSchema.default(undefined) }).default({}),
  },
  { function: 'function settings live in config/function.yaml', skill: 'skill settings live in config/skill.yaml' },
);

/**
 * Reads and validates `<dir>/parameters.yaml`. The address is `homeassistant.url`, else
 * `home_assistant_url` of config/deploy.yaml (the one file a new user edits); both set and
 * different is an error naming both.
 */
export function loadParametersConfig(dir: string): ParametersConfig {
  const yamlFile = readYamlFile(join(dir, PARAMETERS_FILE), displayPath(dir, PARAMETERS_FILE));
  const value = validateFile(yamlFile, parametersSchema);
  const ha = value.homeassistant;
  const verifySsl = parseBoolean(ha.verify_ssl);
  const filter = value.alexa.filter as Record<string, unknown> | undefined;
  const own = ha.url ? ha.url.replace(/\/+$/, '') : undefined;
  const essential = peekKey(dir, 'deploy.yaml', 'home_assistant_url', isText);
  const fromDeploy = essential ? essential.value.trim().replace(/\/+$/, '') : undefined;
  if (own && fromDeploy && own !== fromDeploy) {
    throw new ConfigError([
      disagreement(
        { where: yamlFile.locate(['homeassistant', 'url']), key: 'homeassistant.url', value: own },
        { where: essential?.where ?? 'config/deploy.yaml', key: 'home_assistant_url', value: fromDeploy },
        'keep the address in one place (config/deploy.yaml is enough: delete homeassistant.url here)',
      ),
    ]);
  }
  const url = own ?? fromDeploy;
  const urlSource = own ? `${yamlFile.file} homeassistant.url` : `${essential?.file ?? 'config/deploy.yaml'} home_assistant_url`;
  return {
    file: yamlFile.file,
    homeassistant: {
      ...(url ? { url, urlSource } : {}),
      ...(verifySsl === undefined ? {} : { verifySsl }),
      ...(ha.timeout === undefined ? {} : { timeout: ha.timeout }),
      ...(ha.ca_bundle ? { caBundle: ha.ca_bundle } : {}),
      ...(ha.cf_access_client_id ? { cfAccessClientId: ha.cf_access_client_id } : {}),
    },
    alexa: filter ? { filter: normalizeAlexaFilter(filter) } : {},
  };
}

/** `config` + `skill.yaml` → `config/skill.yaml`, as shown in messages. */
export function displayPath(dir: string, file: string): string {
  const path = relative(process.cwd(), join(dir, file));
  return path.startsWith('..') ? join(dir, file) : path;
}
