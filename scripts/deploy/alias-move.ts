import { GetAliasCommand, UpdateAliasCommand, type GetAliasCommandOutput, type UpdateAliasCommandOutput } from '@aws-sdk/client-lambda';
import { AwsCallError, awsCall } from '../aws/aws-call.js';
import type { LambdaContext } from '../aws/lambda-invoke.js';
import { ScriptError } from '../shared/errors.js';

/**
 * Reading and moving the alias Alexa calls. Each move records where the alias came from in its
 * description, so `npm run rollback` knows the version to go back to.
 */

const MOVED = /from version (\d+) to version (\d+)/;

/** `deploy-lambda moved this alias from version 4 to version 5; npm run rollback moves it back`. */
export function describeMove(by: string, from: string | undefined, to: string): string {
  return `${by} moved this alias from version ${from ?? '?'} to version ${to}; npm run rollback moves it back`;
}

/** The version the alias came from, when its description says so and still matches where it is. */
export function movedFrom(alias: Pick<GetAliasCommandOutput, 'Description' | 'FunctionVersion'>): string | undefined {
  const match = MOVED.exec(alias.Description ?? '');
  return match && match[2] === alias.FunctionVersion ? match[1] : undefined;
}

/**
 * The alias, read before anything changes: a missing alias is named as such, instead of
 * publishing an untested version and then blaming the function name.
 */
export async function getAlias(context: LambdaContext, functionName: string, alias: string): Promise<GetAliasCommandOutput> {
  try {
    return await awsCall({ action: 'lambda:GetAlias', resource: `${functionName}:${alias}` }, () => context.lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: alias })), {
      io: context.io,
      ...(context.retry ? { retry: context.retry } : {}),
    });
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'ResourceNotFoundException') {
      throw new ScriptError(
        `the alias ${alias} of ${functionName} does not exist in ${await context.lambda.config.region()}: nothing was changed. ` +
          'The bootstrap stack creates the alias live: rerun the bootstrap command (npm run setup-summary prints it), or create it ' +
          `(aws lambda create-alias --function-name ${functionName} --name ${alias} --function-version 1)`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** Moves the alias to `version` (only if its revision is still `revisionId`), recording where it came from. */
export async function moveAlias(
  context: LambdaContext,
  input: { functionName: string; alias: string; version: string; from: string | undefined; revisionId: string | undefined; by: string },
): Promise<UpdateAliasCommandOutput> {
  const { functionName, alias, version } = input;
  return awsCall(
    { action: 'lambda:UpdateAlias', resource: `${functionName}:${alias}` },
    () =>
      context.lambda.send(
        new UpdateAliasCommand({
          FunctionName: functionName,
          Name: alias,
          FunctionVersion: version,
          Description: describeMove(input.by, input.from, version),
          ...(input.revisionId ? { RevisionId: input.revisionId } : {}),
        }),
      ),
    { io: context.io, ...(context.retry ? { retry: context.retry } : {}) },
  );
}
