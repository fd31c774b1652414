/**
 * Where the Skills workflow keeps the Login with Amazon refresh token it got from the browser
 * consent: one SecureString, `<parameter_prefix>/skills/lwa_refresh_token`, written and read with
 * the deploy role (config/aws/bootstrap.yaml grants exactly ssm:PutParameter and ssm:GetParameter
 * on it). It sits outside `<prefix>/settings/`, and sync-parameters keeps it even with --prune.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 */
import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { awsCall, AwsCallError } from '../aws/aws-call.js';

/** The parameter's name under the prefix. */
export const REFRESH_TOKEN_PARAMETER = 'skills/lwa_refresh_token';

/** `<prefix>/skills/lwa_refresh_token`. */
export function refreshTokenParameterName(prefix: string): string {
  return `${prefix}/${REFRESH_TOKEN_PARAMETER}`;
}

/** The stored refresh token, or undefined when there is none yet. */
export async function readStoredRefreshToken(ssm: SSMClient, prefix: string): Promise<string | undefined> {
  const name = refreshTokenParameterName(prefix);
  try {
    const answer = await awsCall({ action: 'ssm:GetParameter', resource: name }, () => ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })));
    return answer.Parameter?.Value || undefined;
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'ParameterNotFound') return undefined;
    throw err;
  }
}

/** Stores (or replaces) the refresh token as a SecureString under the account's aws/ssm key. */
export async function storeRefreshToken(ssm: SSMClient, prefix: string, refreshToken: string): Promise<string> {
  const name = refreshTokenParameterName(prefix);
  await awsCall({ action: 'ssm:PutParameter', resource: name }, () =>
    ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: refreshToken,
        Type: 'SecureString',
        Overwrite: true,
        Description: 'Login with Amazon refresh token for the Skills workflow (SMAPI), from the browser consent',
      }),
    ),
  );
  return name;
}
