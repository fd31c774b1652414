import { BOOTSTRAP_COMMAND_WHERE } from '../config/bootstrap-command-hint.js';
import { CreateAliasCommand, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { AwsCallError, awsCall } from '../aws/aws-call.js';
import type { LambdaContext } from '../aws/lambda-invoke.js';
import { DIAGNOSTICS_ALIAS, LIVE_ALIAS } from '../aws/lambda-target.js';
import { ScriptError } from '../shared/errors.js';
import { getAlias } from './alias-move.js';

/** What following `live` did to the diagnostics alias. */
export interface DiagnosticsFollow {
  readonly version: string;
  readonly change: 'created' | 'moved' | 'unchanged';
  readonly from?: string;
}

/** `created on version 3, with live`, `version 2 → 3, with live`, `already on version 3, with live`. */
export function describeFollow(follow: DiagnosticsFollow): string {
  if (follow.change === 'created') return `created on version ${follow.version}, with ${LIVE_ALIAS}`;
  if (follow.change === 'moved') return `version ${follow.from ?? '?'} → ${follow.version}, with ${LIVE_ALIAS}`;
  return `already on version ${follow.version}, with ${LIVE_ALIAS}`;
}

/**
 * Puts the alias `diagnostics` (the only one the Doctor and the Discovery test may invoke) on the
 * version `live` is on, creating it when it is missing. Called after every move of `live`.
 * @throws ScriptError saying to rerun the bootstrap command when the deploy role may not manage it
 */
export async function followLive(context: LambdaContext, functionName: string, version: string, by: string): Promise<DiagnosticsFollow> {
  const options = { io: context.io, ...(context.retry ? { retry: context.retry } : {}) };
  const resource = `${functionName}:${DIAGNOSTICS_ALIAS}`;
  const Description = `Follows ${LIVE_ALIAS}: ${by} put it on version ${version} with ${LIVE_ALIAS}. The Doctor and the Discovery test invoke it; it answers read-only requests only`;
  try {
    const current = await getAlias(context, functionName, DIAGNOSTICS_ALIAS).catch((err: unknown) => {
      if (err instanceof ScriptError && err.cause instanceof AwsCallError && err.cause.code === 'ResourceNotFoundException') return undefined;
      throw err;
    });
    if (current === undefined) {
      await awsCall({ action: 'lambda:CreateAlias', resource }, () => context.lambda.send(new CreateAliasCommand({ FunctionName: functionName, Name: DIAGNOSTICS_ALIAS, FunctionVersion: version, Description })), options);
      return { version, change: 'created' };
    }
    if (current.FunctionVersion === version) return { version, change: 'unchanged' };
    const from = current.FunctionVersion;
    await awsCall({ action: 'lambda:UpdateAlias', resource }, () => context.lambda.send(new UpdateAliasCommand({ FunctionName: functionName, Name: DIAGNOSTICS_ALIAS, FunctionVersion: version, Description })), options);
    return { version, change: 'moved', ...(from ? { from } : {}) };
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'AccessDeniedException') {
      throw new ScriptError(
        `${functionName}:${LIVE_ALIAS} is on version ${version}, but the alias ${DIAGNOSTICS_ALIAS} (the only one the Doctor and the Discovery test may invoke) ` +
          `could not follow it: the deploy role may not manage it (${err.message}). Rerun the bootstrap command (${BOOTSTRAP_COMMAND_WHERE}) ` +
          'to update the roles, then run the deploy again',
        { cause: err },
      );
    }
    throw err;
  }
}
