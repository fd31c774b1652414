import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as yup from 'yup';
import { DEFAULT_PARAMETER_PREFIX } from '../aws/parameter-prefix.js';
import { ConfigError } from '../shared/errors.js';
import { DEFAULT_LANGUAGE, isTextList, peekKey } from './essentials.js';
import { ALEXA_REGIONS, isAlexaRegion, regionForLocale, SUPPORTED_LOCALES, type AlexaRegion } from './regions.js';
import { displayPath, homeAssistantUrlSchema } from './parameters-config.js';
import { strictObject, validateFile } from './validate.js';
import { readYamlFile } from './yaml-file.js';

/**
 * What config/deploy.yaml holds: the essentials a new user edits (account, Home Assistant address,
 * language, Login with Amazon client ID) and where the Deploy workflow deploys. Non-secret,
 * committed; the environment variables AWS_REGION, LAMBDA_FUNCTION_NAME and PARAMETER_PREFIX
 * override it when a script is run by hand.
 */
export interface DeployConfig {
  file: string;
  /** `region` when set, else the region Alexa calls for the language. */
  region: AlexaRegion;
  /** Where the region came from, for messages: `config/deploy.yaml region`, or `… language de-DE`. */
  regionSource: string;
  /** `language`, else the first of config/skill.yaml's `locales`, else en-US. */
  language: string;
  /** `home_assistant_url`, without a trailing slash; config/parameters.yaml's `homeassistant.url` may set it instead. */
  homeAssistantUrl?: string;
  /** `lwa_client_id`: the Login with Amazon security profile's client ID (public), for skills as code. */
  lwaClientId?: string;
  /** The 12-digit AWS account; undefined until the user ran the bootstrap command (the fork is unconfigured). */
  accountId?: string;
  functionName: string;
  parameterPrefix: string;
}

export const DEPLOY_FILE = 'deploy.yaml';
/** config/skill.yaml, peeked at for `locales` when deploy.yaml has no language. */
const SKILL_FILE_NAME = 'skill.yaml';
export const DEFAULT_FUNCTION_NAME = 'lambda-execution-engine';

/** The roles config/aws/bootstrap.yaml creates, named after the function. */
export const DEPLOY_ROLE_SUFFIX = '-github-deploy';
export const DISCOVERY_ROLE_SUFFIX = '-github-discover';

const REGIONS = Object.keys(ALEXA_REGIONS);

/** An account ID: 12 digits. YAML reads an unquoted 012345678901 as a number and drops the 0, hence the hint. */
const accountIdSchema = yup
  .mixed<string | number>()
  .test('account-id', 'must be your 12-digit AWS account ID in quotes, e.g. "123456789012" (the AccountId output of the bootstrap stack)', (value) => {
    if (value === undefined || value === null || value === '') return true;
    if (typeof value === 'number') return Number.isInteger(value) && String(value).length === 12;
    return typeof value === 'string' && /^\d{12}$/.test(value);
  });

/** A Login with Amazon client ID: public (it is in every consent link), unlike the client secret. */
export const LWA_CLIENT_ID_PATTERN = /^amzn1\.application-oa2-client\.[0-9a-f]{32}$/;

const deploySchema = strictObject(
  {
    account_id: accountIdSchema.nullable(),
    home_assistant_url: homeAssistantUrlSchema.optional().nullable(),
    language: yup
      .string()
      .strict()
      .nullable()
      .typeError('must be one language, e.g. de-DE')
      .oneOf([...SUPPORTED_LOCALES, null, undefined, ''], `must be one of ${SUPPORTED_LOCALES.join(', ')} (several languages: locales in config/skill.yaml)`),
    lwa_client_id: yup
      .string()
      .strict()
      .nullable()
      .typeError('must be the client ID of your Login with Amazon security profile, e.g. amzn1.application-oa2-client.0123456789abcdef0123456789abcdef')
      .matches(LWA_CLIENT_ID_PATTERN, {
        message: 'must be the Client ID of your Login with Amazon security profile: amzn1.application-oa2-client. and 32 hex digits (the Client Secret goes in the LWA_CLIENT_SECRET secret, never here)',
        excludeEmptyString: true,
      }),
    region: yup
      .string()
      .strict()
      .nullable()
      .typeError(`must be one of ${REGIONS.join(', ')}`)
      .oneOf([...REGIONS, null, undefined, ''], `must be one of ${REGIONS.join(', ')}: Alexa calls Lambdas only there (us-east-1 North America, eu-west-1 Europe and India, us-west-2 Far East); leave it out to follow language`),
    function_name: yup
      .string()
      .strict()
      .typeError('must be a function name, e.g. lambda-execution-engine')
      .matches(/^[A-Za-z0-9_-]{1,48}$/, 'must be 1 to 48 letters, digits, - or _ (the bootstrap stack names its roles after it)'),
    parameter_prefix: yup
      .string()
      .strict()
      .typeError(`must be a Parameter Store path, e.g. ${DEFAULT_PARAMETER_PREFIX}`)
      .matches(/^(\/[A-Za-z0-9_.-]+)+$/, `must be a Parameter Store path such as ${DEFAULT_PARAMETER_PREFIX} (leading /, no trailing /, letters, digits, _ . -)`)
      .test('not-reserved', 'must not start with /aws or /ssm (reserved by AWS)', (value) => value === undefined || !/^\/(aws|ssm)(\/|$)/i.test(value)),
  },
  {
    aws_region: 'the key is region',
    role_arn: 'the deploy role ARN is derived from account_id and function_name: set account_id',
    alias: 'the alias Alexa calls is always live',
    environment: 'the GitHub environment is always production',
    token: 'the token never lives in config/: set the HA_TOKEN secret of the production environment',
  },
);

/**
 * Reads and validates `<dir>/deploy.yaml`. The region follows the language (`language`, else the
 * first of config/skill.yaml's `locales`, else en-US) unless `region` is set; a `region` that
 * cannot serve the language is an error naming both.
 */
export function loadDeployConfig(dir: string): DeployConfig {
  const yamlFile = readYamlFile(join(dir, DEPLOY_FILE), displayPath(dir, DEPLOY_FILE));
  const value = validateFile(yamlFile, deploySchema);
  const accountId = value.account_id === undefined || value.account_id === null || value.account_id === '' ? undefined : String(value.account_id);
  const locales = value.language ? undefined : peekKey(dir, SKILL_FILE_NAME, 'locales', isTextList);
  const language = value.language || locales?.value[0] || DEFAULT_LANGUAGE;
  const languageSource = value.language ? `${yamlFile.locate(['language'])} language ${language}` : locales ? `${locales.where} locales [${locales.value.join(', ')}]` : `the default language ${language}`;
  const derived = regionForLocale(language);
  const explicit = value.region || undefined;
  if (explicit && derived && explicit !== derived) {
    throw new ConfigError([
      `${yamlFile.locate(['region'])} region: ${explicit} cannot serve ${languageSource}: Alexa calls a Lambda in ${derived} (${ALEXA_REGIONS[derived].name}) for ${language}. ` +
        `Delete region (it follows the language) or set it to ${derived}, and create the bootstrap stack there`,
    ]);
  }
  const region = explicit ?? derived ?? 'us-east-1';
  /* c8 ignore next -- oneOf above already guarantees it; this narrows the type */
  if (!isAlexaRegion(region)) throw new Error(`unexpected region ${region}`);
  const url = value.home_assistant_url ? value.home_assistant_url.replace(/\/+$/, '') : undefined;
  return {
    file: yamlFile.file,
    region,
    regionSource: explicit ? `${yamlFile.file} region` : `${yamlFile.file} language ${language}`,
    language,
    ...(url ? { homeAssistantUrl: url } : {}),
    ...(value.lwa_client_id ? { lwaClientId: value.lwa_client_id } : {}),
    ...(accountId ? { accountId } : {}),
    functionName: value.function_name ?? DEFAULT_FUNCTION_NAME,
    parameterPrefix: value.parameter_prefix ?? DEFAULT_PARAMETER_PREFIX,
  };
}

/** `<dir>/deploy.yaml` when it exists, else undefined (scripts then rely on environment variables alone). */
export function loadDeployConfigIfPresent(dir: string): DeployConfig | undefined {
  return existsSync(join(dir, DEPLOY_FILE)) ? loadDeployConfig(dir) : undefined;
}

/** `arn:aws:iam::<account>:role/<function>-github-deploy`, the role the bootstrap stack creates for the Deploy workflow. */
export function deployRoleArn(config: Pick<DeployConfig, 'accountId' | 'functionName'>): string | undefined {
  return config.accountId ? `arn:aws:iam::${config.accountId}:role/${config.functionName}${DEPLOY_ROLE_SUFFIX}` : undefined;
}

/** The read-only role the Discovery test workflow assumes. */
export function discoveryRoleArn(config: Pick<DeployConfig, 'accountId' | 'functionName'>): string | undefined {
  return config.accountId ? `arn:aws:iam::${config.accountId}:role/${config.functionName}${DISCOVERY_ROLE_SUFFIX}` : undefined;
}
