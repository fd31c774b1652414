import { BOOTSTRAP_COMMAND_WHERE } from '../config/bootstrap-command-hint.js';
import { GetAliasCommand, UpdateAliasCommand, type GetAliasCommandOutput, type UpdateAliasCommandOutput } from '@aws-sdk/client-lambda';
import { AwsCallError, awsCall } from '../aws/aws-call.js';
import type { LambdaContext } from '../aws/lambda-invoke.js';
import { ScriptError } from '../shared/errors.js';

/**
 * Reading and moving the alias Alexa calls. Each move records where the alias came from in its
 * description, so `npm run rollback` knows the version to go back to.
 */

const MOVED = /from version (\d+) to version (\d+)/;
const MOVE_BY = /^(.+?) moved this alias from version (\d+) to version (\d+)/;

/** How `npm run rollback` signs its moves; deploy-lambda does not undo them by redeploying the same build. */
export const ROLLBACK_BY = 'npm run rollback';

/** `deploy-lambda moved this alias from version 4 to version 5; npm run rollback moves it back`. */
export function describeMove(by: string, from: string | undefined, to: string): string {
  return `${by} moved this alias from version ${from ?? '?'} to version ${to}; npm run rollback moves it back`;
}

/** The version the alias came from, when its description says so and still matches where it is. */
export function movedFrom(alias: Pick<GetAliasCommandOutput, 'Description' | 'FunctionVersion'>): string | undefined {
  const match = MOVED.exec(alias.Description ?? '');
  return match && match[2] === alias.FunctionVersion ? match[1] : undefined;
}

/** Who moved the alias to where it is, and from which version, when its description says so and still matches. */
export function lastMove(alias: Pick<GetAliasCommandOutput, 'Description' | 'FunctionVersion'>): { by: string; from: string } | undefined {
  const match = MOVE_BY.exec(alias.Description ?? '');
  return match?.[1] && match[2] && match[3] === alias.FunctionVersion ? { by: match[1], from: match[2] } : undefined;
}

/** The version `npm run rollback` moved the alias away from, while the alias is still where it put it. */
export function rolledBackFrom(alias: Pick<GetAliasCommandOutput, 'Description' | 'FunctionVersion'>): string | undefined {
  const move = lastMove(alias);
  return move?.by === ROLLBACK_BY ? move.from : undefined;
}

/**
 * UpdateAlias refused the move because the alias changed since it was read (its RevisionId, answered
 * with PreconditionFailedException): someone else moved it meanwhile, and that move stands.
 */
export class AliasMovedMeanwhile extends ScriptError {
  /** Where the alias is now. */
  readonly version: string;
  /** Who moved it there, e.g. `npm run rollback moved it from version 5 to version 2`. */
  readonly who: string;

  constructor(where: string, now: GetAliasCommandOutput, options?: ErrorOptions) {
    const version = now.FunctionVersion ?? '?';
    const move = lastMove(now);
    const who = move ? `${move.by} moved it from version ${move.from} to version ${version}` : `it is now on version ${version}, moved outside these scripts (the AWS console?)`;
    super(`the alias ${where} was moved while this script ran (${who}); that move stands: it was not moved again`, options);
    this.name = 'AliasMovedMeanwhile';
    this.version = version;
    this.who = who;
  }
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
          `The bootstrap stack creates the alias live: rerun the bootstrap command (${BOOTSTRAP_COMMAND_WHERE}), or create it ` +
          `(aws lambda create-alias --function-name ${functionName} --name ${alias} --function-version 1)`,
        { cause: err },
      );
    }
    throw err;
  }
}

/** A move of `alias` to `version`, recorded as made by `by` from version `from`. */
interface MoveInput {
  functionName: string;
  alias: string;
  version: string;
  from: string | undefined;
  /** The alias revision read before; the move happens only if it is still that one. */
  revisionId: string | undefined;
  by: string;
}

/**
 * Moves the alias to `version` (only if its revision is still `revisionId`), recording where it came from.
 * @throws AliasMovedMeanwhile when the alias moved since `revisionId` was read; it is then left where it is
 */
export async function moveAlias(context: LambdaContext, input: MoveInput): Promise<UpdateAliasCommandOutput> {
  try {
    return await sendMove(context, input);
  } catch (err) {
    if (!(err instanceof AwsCallError && err.code === 'PreconditionFailedException')) throw err;
    const now = await getAlias(context, input.functionName, input.alias);
    throw new AliasMovedMeanwhile(`${input.functionName}:${input.alias}`, now, { cause: err });
  }
}

function sendMove(context: LambdaContext, input: MoveInput): Promise<UpdateAliasCommandOutput> {
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
