import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as yup from 'yup';
import { DEFAULT_PARAMETER_PREFIX } from '../aws/parameter-prefix.js';
import { ALEXA_REGIONS, isAlexaRegion, type AlexaRegion } from './regions.js';
import { displayPath } from './parameters-config.js';
import { strictObject, validateFile } from './validate.js';
import { readYamlFile } from './yaml-file.js';

/**
 * What config/deploy.yaml holds: where the Deploy workflow deploys. Non-secret, committed; the
 * environment variables AWS_REGION, LAMBDA_FUNCTION_NAME and PARAMETER_PREFIX override it when
 * a script is run by hand.
 */
export interface DeployConfig {
  file: string;
  region: AlexaRegion;
  /** The 12-digit AWS account; undefined until the user ran the bootstrap command (the fork is unconfigured). */
  accountId?: string;
  functionName: string;
  parameterPrefix: string;
  /** The Login with Amazon security profile's client ID, for the Skills workflow's consent link (optional). */
  lwaClientId?: string;
}

export const DEPLOY_FILE = 'deploy.yaml';
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

const deploySchema = strictObject(
  {
    region: yup
      .string()
      .strict()
      .typeError(`must be one of ${REGIONS.join(', ')}`)
      .required(`is required: the AWS region that serves your skill's locales (${REGIONS.join(', ')})`)
      .oneOf(REGIONS, `must be one of ${REGIONS.join(', ')}: Alexa calls Lambdas only there (us-east-1 North America, eu-west-1 Europe and India, us-west-2 Far East)`),
    account_id: accountIdSchema.nullable(),
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
    lwa_client_id: yup
      .string()
      .strict()
      .nullable()
      .typeError('must be the Client ID of your Login with Amazon security profile, e.g. amzn1.application-oa2-client.0123456789abcdef0123456789abcdef')
      .matches(/^amzn1\.application-oa2-client\.[0-9a-f]{32}$/, {
        message: 'must be the Client ID of your Login with Amazon security profile: amzn1.application-oa2-client. and 32 hex digits (developer.amazon.com → Login with Amazon → the profile → Web Settings); its secret goes into the LWA_CLIENT_SECRET secret, never here',
        excludeEmptyString: true,
      }),
  },
  {
    aws_region: 'the key is region',
    role_arn: 'the deploy role ARN is derived from account_id and function_name: set account_id',
    alias: 'the alias Alexa calls is always live',
    environment: 'the GitHub environment is always production',
    token: 'the token never lives in config/: set the HA_TOKEN secret of the production environment',
  },
);

/** Reads and validates `<dir>/deploy.yaml`. */
export function loadDeployConfig(dir: string): DeployConfig {
  const yamlFile = readYamlFile(join(dir, DEPLOY_FILE), displayPath(dir, DEPLOY_FILE));
  const value = validateFile(yamlFile, deploySchema);
  const accountId = value.account_id === undefined || value.account_id === null || value.account_id === '' ? undefined : String(value.account_id);
  /* c8 ignore next -- oneOf above already guarantees it; this narrows the type */
  if (!isAlexaRegion(value.region)) throw new Error(`unexpected region ${value.region}`);
  return {
    file: yamlFile.file,
    region: value.region,
    ...(accountId ? { accountId } : {}),
    functionName: value.function_name ?? DEFAULT_FUNCTION_NAME,
    parameterPrefix: value.parameter_prefix ?? DEFAULT_PARAMETER_PREFIX,
    ...(value.lwa_client_id ? { lwaClientId: value.lwa_client_id } : {}),
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
