/**
 * Settings sets that no version reads any more. Every change to config/ writes a new set
 * (`<prefix>/settings/<id>/`, about ten parameters), so without pruning they pile up towards
 * Parameter Store's 10,000 standard parameters per account and region. After a deploy has succeeded,
 * a set is deleted when no version of the function has it as PARAMETER_SET (a rollback can move
 * `live` to any published version, so each keeps its set) and it is not the set just deployed.
 */
import { DeleteParametersCommand } from '@aws-sdk/client-ssm';
import { awsCall } from '../aws/aws-call.js';
import type { LambdaContext } from '../aws/lambda-invoke.js';
import { listVersionConfigs } from '../aws/lambda-versions.js';
import { SETTINGS_SEGMENT } from './desired-parameters.js';
import { listParameters, type SsmContext } from './parameter-sync.js';

export interface PruneReport {
  /** The sets deleted, by id. */
  readonly deletedSets: readonly string[];
  readonly deletedParameters: number;
  /** Sets still read by a version (the one just deployed among them). */
  readonly keptSets: number;
}

export async function pruneSettingsSets(
  context: LambdaContext & SsmContext,
  input: { readonly functionName: string; readonly prefix: string; readonly currentSet: string },
): Promise<PruneReport> {
  const read = new Set<string>([input.currentSet]);
  for (const version of await listVersionConfigs(context, input.functionName)) {
    const set = version.Environment?.Variables?.PARAMETER_SET;
    if (set) read.add(set);
  }
  const root = `${input.prefix}/${SETTINGS_SEGMENT}`;
  const bySet = new Map<string, string[]>();
  for (const { name } of await listParameters(context, root)) {
    const set = name.slice(root.length + 1).split('/')[0];
    if (!set) continue;
    const members = bySet.get(set);
    if (members) members.push(name);
    else bySet.set(set, [name]);
  }
  const stale = [...bySet.keys()].filter((set) => !read.has(set)).sort();
  const names = stale.flatMap((set) => bySet.get(set) ?? []);
  let deleted = 0;
  for (let i = 0; i < names.length; i += 10) {
    const batch = names.slice(i, i + 10);
    const answer = await awsCall(
      { action: 'ssm:DeleteParameters', resource: batch.join(', ') },
      () => context.ssm.send(new DeleteParametersCommand({ Names: batch })),
      { io: context.io, ...(context.retry ? { retry: context.retry } : {}) },
    );
    deleted += answer.DeletedParameters?.length ?? 0;
  }
  return { deletedSets: stale, deletedParameters: deleted, keptSets: bySet.size - stale.length };
}
