import type { SSMClient } from '@aws-sdk/client-ssm';

/** Reads every parameter under `prefix` (recursive, decrypted), keyed by the name below the prefix. */
export type ParameterReader = (prefix: string, region: string | undefined) => Promise<ReadonlyMap<string, string>>;

let client: SSMClient | undefined;

/**
 * One logical `GetParametersByPath` call (paged, 10 per page) with decryption. The SDK is loaded on
 * first use only, so a deployment with `USE_PARAMETER_STORE=false` never loads or calls it. The SDK
 * itself honours `AWS_ENDPOINT_URL_SSM`.
 */
export const readParametersFromSsm: ParameterReader = async (prefix, region) => {
  const ssm = await import('@aws-sdk/client-ssm');
  client ??= new ssm.SSMClient(region === undefined ? {} : { region });
  const values = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ssm.GetParametersByPathCommand({ Path: prefix, Recursive: true, WithDecryption: true, NextToken: nextToken }),
    );
    for (const parameter of page.Parameters ?? []) {
      if (parameter.Name !== undefined && parameter.Value !== undefined) {
        values.set(parameter.Name.slice(prefix.length), parameter.Value);
      }
    }
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return values;
};

/** Loads the SSM client module now (for `LUGS_ENABLED=false`). */
export async function preloadSsm(): Promise<void> {
  await import('@aws-sdk/client-ssm');
}

/** Explains an SSM failure with the likely fix; never includes a value. */
export function describeSsmError(error: unknown, prefix: string): string {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (/AccessDenied/i.test(name) || /not authorized/i.test(message)) {
    return `Could not read SSM parameters under ${prefix}: access denied. The function's execution role needs ssm:GetParametersByPath on parameter${prefix} and parameter${prefix}/* (and kms:Decrypt for a customer-managed key)`;
  }
  if (/Credential/i.test(name) || /credential/i.test(message)) {
    return `Could not read SSM parameters under ${prefix}: no AWS credentials. Set USE_PARAMETER_STORE=false to run without AWS`;
  }
  return `Could not read SSM parameters under ${prefix}: ${name}: ${message.slice(0, 200)}`;
}
