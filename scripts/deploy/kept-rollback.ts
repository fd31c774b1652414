import { GetFunctionConfigurationCommand, type FunctionConfiguration, type GetAliasCommandOutput } from '@aws-sdk/client-lambda';
import { AwsCallError, awsCall } from '../aws/aws-call.js';
import type { LambdaContext } from '../aws/lambda-invoke.js';
import { rolledBackFrom } from './alias-move.js';

/**
 * A rollback sticks: after `npm run rollback` moved the alias off version N, a deploy that would
 * publish N again (a rerun, a docs-only push: same code, same configuration, same settings set)
 * leaves the alias where the rollback put it. Any difference deploys as usual.
 */

/** The alias stays on `version`, where the rollback put it; `rolledBackFrom` is what this deploy would repeat. */
export interface KeptRollback {
  version: string;
  rolledBackFrom: string;
}

/** What makes two versions run alike: their code and the configuration deploy-lambda sets. */
function differences(candidate: FunctionConfiguration, version: FunctionConfiguration): string[] {
  const found: string[] = [];
  if (candidate.CodeSha256 !== version.CodeSha256 || String(candidate.Architectures) !== String(version.Architectures)) found.push('code');
  if (candidate.MemorySize !== version.MemorySize) found.push('memory');
  if (candidate.Timeout !== version.Timeout) found.push('timeout');
  if (candidate.Runtime !== version.Runtime) found.push('runtime');
  if (candidate.Handler !== version.Handler) found.push('handler');
  const ours = candidate.Environment?.Variables ?? {};
  const theirs = version.Environment?.Variables ?? {};
  const keys = [...new Set([...Object.keys(ours), ...Object.keys(theirs)])].sort();
  // Names only: PARAMETER_SET is the settings set; values stay out of the log.
  found.push(...keys.filter((key) => ours[key] !== theirs[key]));
  return found;
}

/**
 * Whether this deploy keeps the rollback: `candidate` is `$LATEST` as it would be published, `alias`
 * the alias read at the start. Logs why a build that differs deploys anyway.
 */
export async function keepsRollback(
  context: LambdaContext,
  input: { functionName: string; alias: GetAliasCommandOutput; candidate: FunctionConfiguration },
): Promise<KeptRollback | undefined> {
  const from = rolledBackFrom(input.alias);
  const live = input.alias.FunctionVersion;
  if (!from || !live) return undefined;
  const rolledBack = await readVersion(context, input.functionName, from);
  if (!rolledBack) return undefined;
  const found = differences(input.candidate, rolledBack);
  if (found.length === 0) return { version: live, rolledBackFrom: from };
  context.io.out(`  live was rolled back from version ${from}; this build differs from it (${found.join(', ')}), so it deploys as usual`);
  return undefined;
}

/** The configuration of a published version, or undefined once it was deleted. */
async function readVersion(context: LambdaContext, functionName: string, version: string): Promise<FunctionConfiguration | undefined> {
  try {
    return await awsCall(
      { action: 'lambda:GetFunctionConfiguration', resource: `${functionName}:${version}` },
      () => context.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName, Qualifier: version })),
      { io: context.io, ...(context.retry ? { retry: context.retry } : {}) },
    );
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

/** The sentence the log and the job summary give, with the ways out. */
export function describeKeptRollback(alias: string, kept: KeptRollback): string {
  return (
    `${alias} stays on version ${kept.version}, where the rollback put it: this deploy has the same code and settings as version ${kept.rolledBackFrom}, ` +
    'which was rolled back, so nothing was published. Push a change to the code or config/ to deploy again; ' +
    `to put version ${kept.rolledBackFrom} back on ${alias}, run the Rollback workflow with to_version ${kept.rolledBackFrom} ` +
    `(or npm run rollback -- --to-version ${kept.rolledBackFrom}).`
  );
}
