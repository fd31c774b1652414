/**
 * The grant: the refresh token Login with Amazon returned for AcceptGrant, kept as a SecureString at
 * `<PARAMETER_PREFIX>/alexa/events/grant` and written and deleted by the function itself. It is
 * runtime state, not a setting: it lives in Parameter Store whatever `USE_PARAMETER_STORE` says, so a
 * cold container finds it. The value is `{"v":1,"refresh_token","region","granted_at"}` (≤ 4 KB: LWA
 * refresh tokens are at most 2048 bytes). The SDK honours `AWS_ENDPOINT_URL_SSM`.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_DeleteParameter.html
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type * as SsmModule from './ssm-commands.js';
import { SSM_CONNECTION_TIMEOUT_MS, SSM_MAX_ATTEMPTS, SSM_REQUEST_TIMEOUT_MS } from '../../config/ssm.js';

export interface Grant {
  readonly refreshToken: string;
  /** The AWS region whose function received the AcceptGrant: the only gateway that accepts its tokens. */
  readonly region: string | undefined;
  readonly grantedAt: string;
}

/** Parameter Store refused or did not answer; `message` names the fix. */
export class GrantStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'GrantStoreError';
  }
}

let client: SSMClient | undefined;

async function ssm(region: string | undefined): Promise<{ client: SSMClient; module: typeof SsmModule }> {
  const module = await import('./ssm-commands.js');
  client ??= new module.SSMClient({
    ...(region === undefined ? {} : { region }),
    maxAttempts: SSM_MAX_ATTEMPTS,
    requestHandler: { connectionTimeout: SSM_CONNECTION_TIMEOUT_MS, requestTimeout: SSM_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
  });
  return { client, module };
}

/** The parameter name of the grant under `prefix`. */
export function grantName(prefix: string): string {
  return `${prefix.replace(/\/+$/, '')}/alexa/events/grant`;
}

function describe(error: unknown, action: string, name: string): string {
  const kind = error instanceof Error ? error.name : 'Error';
  const text = error instanceof Error ? error.message : String(error);
  if (/AccessDenied/i.test(kind) || /not authorized/i.test(text)) {
    return `Parameter Store refused to ${action} ${name}: the function's execution role needs ssm:${action === 'write' ? 'PutParameter' : action === 'delete' ? 'DeleteParameter' : 'GetParameter'} on parameter${name} (update the bootstrap stack with AlexaEvents=on: the Deploy summary prints the command)`;
  }
  return `Could not ${action} ${name} in Parameter Store: ${kind}: ${text.slice(0, 160)}`;
}

/** Writes (overwrites) the grant. */
export async function writeGrant(prefix: string, region: string | undefined, grant: Grant, signal?: AbortSignal): Promise<void> {
  const name = grantName(prefix);
  const value = JSON.stringify({ v: 1, refresh_token: grant.refreshToken, region: grant.region, granted_at: grant.grantedAt });
  try {
    const { client: ssmClient, module } = await ssm(region);
    await ssmClient.send(new module.PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Overwrite: true, Description: 'Alexa event gateway grant, written by the function on AcceptGrant' }), signal === undefined ? {} : { abortSignal: signal });
  } catch (error) {
    throw new GrantStoreError(describe(error, 'write', name), { cause: error });
  }
}

/** The stored grant, or undefined when there is none (or it is unreadable, which is logged by the caller). */
export async function readGrant(prefix: string, region: string | undefined, signal?: AbortSignal): Promise<Grant | undefined> {
  const name = grantName(prefix);
  let value: string | undefined;
  try {
    const { client: ssmClient, module } = await ssm(region);
    const answer = await ssmClient.send(new module.GetParameterCommand({ Name: name, WithDecryption: true }), signal === undefined ? {} : { abortSignal: signal });
    value = answer.Parameter?.Value;
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
    throw new GrantStoreError(describe(error, 'read', name), { cause: error });
  }
  return parseGrant(value);
}

/** The grant in a parameter's value; undefined for anything else. */
export function parseGrant(value: string | undefined): Grant | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as { refresh_token?: unknown; region?: unknown; granted_at?: unknown };
    if (typeof parsed.refresh_token !== 'string' || parsed.refresh_token === '') return undefined;
    return {
      refreshToken: parsed.refresh_token,
      region: typeof parsed.region === 'string' ? parsed.region : undefined,
      grantedAt: typeof parsed.granted_at === 'string' ? parsed.granted_at : '',
    };
  } catch {
    return undefined;
  }
}

/** Deletes the grant (revoked: the skill was disabled or unlinked). A grant already gone is fine. */
export async function deleteGrant(prefix: string, region: string | undefined): Promise<void> {
  const name = grantName(prefix);
  try {
    const { client: ssmClient, module } = await ssm(region);
    await ssmClient.send(new module.DeleteParameterCommand({ Name: name }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return;
    throw new GrantStoreError(describe(error, 'delete', name), { cause: error });
  }
}

/** Forgets the SSM client (tests that change the fake's endpoint). */
export function resetGrantStoreClient(): void {
  client = undefined;
}
