/**
 * The Lambda ARN both skills call: the alias (`live`) that the Deploy workflow moves after a passing
 * smoke test, so a bad deploy never reaches Alexa.
 */
import { ScriptError } from '../shared/errors.js';
import { LIVE_ALIAS, requireFunctionName } from '../aws/lambda-target.js';

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[\w-]{1,64}(:[\w$-]{1,128})?$/;
const ACCOUNT_IN_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):/;

export interface EndpointArn {
  arn: string;
  /** The AWS region in the ARN, e.g. `eu-west-1`. */
  region: string;
}

/**
 * `SKILL_ENDPOINT_ARN` when set, else `arn:aws:lambda:<AWS_REGION>:<account>:function:<LAMBDA_FUNCTION_NAME>:live`,
 * the account coming from `AWS_ACCOUNT_ID` (config/deploy.yaml's account_id) or, failing that, from the account in `AWS_ROLE_ARN`.
 *
 * @throws ScriptError naming every missing or malformed setting
 */
export function resolveEndpointArn(env: NodeJS.ProcessEnv): EndpointArn {
  const override = env.SKILL_ENDPOINT_ARN?.trim();
  if (override) {
    const match = LAMBDA_ARN.exec(override);
    if (!match) throw new ScriptError(`SKILL_ENDPOINT_ARN "${override}" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<alias>])`);
    return { arn: override, region: match[1] as string };
  }
  const region = env.AWS_REGION?.trim();
  const account = env.AWS_ACCOUNT_ID?.trim() || ACCOUNT_IN_ARN.exec(env.AWS_ROLE_ARN?.trim() ?? '')?.[1];
  const missing = [
    ...(region ? [] : ['AWS_REGION']),
    ...(account ? [] : ['AWS_ACCOUNT_ID (or AWS_ROLE_ARN)']),
    ...(env.LAMBDA_FUNCTION_NAME?.trim() ? [] : ['LAMBDA_FUNCTION_NAME']),
  ];
  if (missing.length > 0 || !region || !account) {
    throw new ScriptError(`the skills' endpoint needs ${missing.join(', ')} (config/deploy.yaml: region, account_id, function_name), or SKILL_ENDPOINT_ARN set to the AlexaEndpointArn output`);
  }
  if (!/^\d{12}$/.test(account)) throw new ScriptError(`AWS_ACCOUNT_ID "${account}" is not a 12-digit AWS account ID`);
  return { arn: `arn:aws:lambda:${region}:${account}:function:${requireFunctionName(env)}:${LIVE_ALIAS}`, region };
}
