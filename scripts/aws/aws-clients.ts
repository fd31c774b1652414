import { LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import { ScriptError } from '../shared/errors.js';

/**
 * The SDK clients the scripts use. Endpoints are never set here: the SDK itself reads
 * `AWS_ENDPOINT_URL_SSM` / `AWS_ENDPOINT_URL_LAMBDA` (tests point them at a fake), and credentials
 * come from the default chain (OIDC in GitHub Actions, a profile by hand).
 */

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** `AWS_REGION`, checked, with the advice to pick the Alexa region. */
export function requireRegion(env: NodeJS.ProcessEnv): string {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new ScriptError(
      'AWS_REGION is not set: use the region that serves your Alexa skill ' +
        '(us-east-1 for North America, eu-west-1 for Europe and India, us-west-2 for Japan and Australia)',
    );
  }
  if (!REGION_PATTERN.test(region)) throw new ScriptError(`AWS_REGION "${region}" is not an AWS region name (e.g. eu-west-1)`);
  return region;
}

export function createSsmClient(region: string): SSMClient {
  return new SSMClient({ region });
}

export function createLambdaClient(region: string): LambdaClient {
  return new LambdaClient({ region });
}
