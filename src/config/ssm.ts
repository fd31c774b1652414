import type { SSMClient } from '@aws-sdk/client-ssm';

/**
 * Reads every parameter under `prefix` (recursive, decrypted), keyed by the name below the prefix.
 * `signal` aborts the read: its request, and any page still to come.
 */
export type ParameterReader = (prefix: string, region: string | undefined, signal?: AbortSignal) => Promise<ReadonlyMap<string, string>>;

/** Milliseconds to open a connection to SSM. In-region it takes a few; the SDK's default waits forever. */
export const SSM_CONNECTION_TIMEOUT_MS = 1_000;
/** Milliseconds one SSM request may take; SSM answers in well under 100 ms, so this means it is hung. */
export const SSM_REQUEST_TIMEOUT_MS = 2_000;
/** Attempts per request (the SDK's default is 3): two timed-out attempts still fit in Alexa's 7.5 s. */
export const SSM_MAX_ATTEMPTS = 2;

let client: SSMClient | undefined;

/**
 * One logical `GetParametersByPath` call (paged, 10 per page) with decryption. The SDK is loaded on
 * first use only, so a deployment with `USE_PARAMETER_STORE=false` never loads or calls it. The SDK
 * itself honours `AWS_ENDPOINT_URL_SSM`. Each request is bounded by {@link SSM_CONNECTION_TIMEOUT_MS}
 * and {@link SSM_REQUEST_TIMEOUT_MS} and tried at most {@link SSM_MAX_ATTEMPTS} times. Neither bounds
 * an answer that sends its headers and then trickles (each byte restarts the socket's idle timer):
 * `signal` does, and the settings loader aborts it at the invocation's budget.
 */
export const readParametersFromSsm: ParameterReader = async (prefix, region, signal) => {
  const ssm = await import('@aws-sdk/client-ssm');
  client ??= new ssm.SSMClient({
    ...(region === undefined ? {} : { region }),
    maxAttempts: SSM_MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: SSM_CONNECTION_TIMEOUT_MS, requestTimeout: SSM_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
  });
  const values = new Map<string, string>();
  let nextToken: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await client.send(
      new ssm.GetParametersByPathCommand({ Path: prefix, Recursive: true, WithDecryption: true, NextToken: nextToken }),
      signal === undefined ? {} : { abortSignal: signal },
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
  if (name === 'TimeoutError') {
    return `Could not read SSM parameters under ${prefix}: Parameter Store did not answer in time (${SSM_MAX_ATTEMPTS} attempts, each allowed ${SSM_CONNECTION_TIMEOUT_MS} ms to connect and ${SSM_REQUEST_TIMEOUT_MS} ms to answer). In a VPC the function needs a NAT gateway or an SSM VPC endpoint`;
  }
  if (/Credential/i.test(name) || /credential/i.test(message)) {
    return `Could not read SSM parameters under ${prefix}: no AWS credentials. Set USE_PARAMETER_STORE=false to run without AWS`;
  }
  return `Could not read SSM parameters under ${prefix}: ${name}: ${message.slice(0, 200)}`;
}
