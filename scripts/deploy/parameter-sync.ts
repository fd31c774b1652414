import { DeleteParametersCommand, GetParametersByPathCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { awsCall, type RetryOptions } from '../aws/aws-call.js';
import type { DesiredParameter } from './desired-parameters.js';
import type { Io } from '../shared/io.js';

/** A parameter as Parameter Store has it now (SecureStrings decrypted, so changes can be detected). */
export interface ExistingParameter {
  name: string;
  value: string;
  type: string;
}

/**
 * - `create`, `update`, `delete`: what apply will do;
 * - `unchanged`: already right;
 * - `stale`: under the prefix but not in config/ (deleted only with `--prune`);
 * - `keep`: not managed this run (the token when `HA_TOKEN` is not set), never deleted.
 */
export type PlanAction = 'create' | 'update' | 'unchanged' | 'delete' | 'stale' | 'keep';

export interface PlanEntry {
  action: PlanAction;
  name: string;
  /** The type after apply (for deletes: the current type). */
  type: string;
  /** Values of secrets are never shown, only their length. */
  secret: boolean;
  before?: string;
  after?: string;
  previousType?: string;
  source?: string;
  note?: string;
}

/** Why a parameter that config/ does not want is kept (never deleted, even with `--prune`), or undefined. */
export type KeepRule = (name: string) => string | undefined;

export interface SyncPlan {
  prefix: string;
  prune: boolean;
  entries: PlanEntry[];
}

export interface SsmContext {
  ssm: SSMClient;
  io?: Io;
  retry?: RetryOptions;
}

/** Every parameter under the prefix, following `NextToken` through pages of at most 10. */
export async function listParameters({ ssm, io, retry }: SsmContext, prefix: string): Promise<ExistingParameter[]> {
  const found: ExistingParameter[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall(
      { action: 'ssm:GetParametersByPath', resource: prefix },
      () => ssm.send(new GetParametersByPathCommand({ Path: prefix, Recursive: true, WithDecryption: true, MaxResults: 10, NextToken: nextToken })),
      { ...(io ? { io } : {}), ...(retry ? { retry } : {}) },
    );
    for (const parameter of page.Parameters ?? []) {
      if (parameter.Name) found.push({ name: parameter.Name, value: parameter.Value ?? '', type: parameter.Type ?? 'String' });
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Compares what config/ wants with what exists. Pure, so every case is easy to test.
 *
 * @param keep names that are never deleted, even with `prune` (the token when `HA_TOKEN` is not set),
 *   or a function giving the reason to keep a name (settings other versions read)
 */
export function comparePlan(
  prefix: string,
  desired: readonly DesiredParameter[],
  existing: readonly ExistingParameter[],
  options: { prune: boolean; keep?: readonly string[] | KeepRule },
): SyncPlan {
  const byName = new Map(existing.map((parameter) => [parameter.name, parameter]));
  const wanted = new Set(desired.map((parameter) => parameter.name));
  const entries: PlanEntry[] = desired.map((want) => {
    const have = byName.get(want.name);
    const base = { name: want.name, type: want.type, secret: want.secret, source: want.source, after: want.value };
    if (!have) return { ...base, action: 'create' };
    const secret = want.secret || have.type === 'SecureString';
    if (have.value === want.value && have.type === want.type) return { ...base, secret, action: 'unchanged', before: have.value };
    return {
      ...base,
      secret,
      action: 'update',
      before: have.value,
      ...(have.type === want.type ? {} : { previousType: have.type }),
    };
  });
  for (const have of existing) {
    if (wanted.has(have.name)) continue;
    const secret = have.type === 'SecureString';
    const keep = options.keep;
    const note = typeof keep === 'function' ? keep(have.name) : keep?.includes(have.name) ? 'not managed this run' : undefined;
    if (note !== undefined) {
      entries.push({ action: 'keep', name: have.name, type: have.type, secret, before: have.value, note });
    } else {
      entries.push({ action: options.prune ? 'delete' : 'stale', name: have.name, type: have.type, secret, before: have.value });
    }
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { prefix, prune: options.prune, entries };
}

/** Lists what exists under the prefix and compares it with `desired`. */
export async function planParameterSync(
  context: SsmContext,
  input: { prefix: string; desired: readonly DesiredParameter[]; prune: boolean; keep?: readonly string[] | KeepRule },
): Promise<SyncPlan> {
  const existing = await listParameters(context, input.prefix);
  return comparePlan(input.prefix, input.desired, existing, { prune: input.prune, ...(input.keep ? { keep: input.keep } : {}) });
}

export interface ApplyResult {
  created: number;
  updated: number;
  deleted: number;
}

/** Writes the creates and updates (`PutParameter` with `Overwrite`) and the deletes of a plan; nothing else. */
export async function applyPlan(context: SsmContext, plan: SyncPlan): Promise<ApplyResult> {
  const { ssm, io, retry } = context;
  const options = { ...(io ? { io } : {}), ...(retry ? { retry } : {}) };
  const result: ApplyResult = { created: 0, updated: 0, deleted: 0 };
  for (const entry of plan.entries) {
    if (entry.action !== 'create' && entry.action !== 'update') continue;
    await awsCall(
      { action: 'ssm:PutParameter', resource: entry.name },
      () =>
        ssm.send(
          new PutParameterCommand({
            Name: entry.name,
            Value: entry.after ?? '',
            Type: entry.type === 'SecureString' ? 'SecureString' : 'String',
            Overwrite: true,
            Tier: 'Standard',
            Description: `Managed by npm run sync-parameters (${entry.source ?? 'config/'})`.slice(0, 1024),
          }),
        ),
      options,
    );
    result[entry.action === 'create' ? 'created' : 'updated'] += 1;
    io?.out(`  ${entry.action === 'create' ? 'created' : 'updated'} ${entry.name}`);
  }
  const deletes = plan.entries.filter((entry) => entry.action === 'delete').map((entry) => entry.name);
  for (let i = 0; i < deletes.length; i += 10) {
    const batch = deletes.slice(i, i + 10);
    const answer = await awsCall(
      { action: 'ssm:DeleteParameters', resource: batch.join(', ') },
      () => ssm.send(new DeleteParametersCommand({ Names: batch })),
      options,
    );
    for (const name of answer.DeletedParameters ?? []) io?.out(`  deleted ${name}`);
    for (const name of answer.InvalidParameters ?? []) io?.out(`  ${name} was already gone`);
    result.deleted += answer.DeletedParameters?.length ?? 0;
  }
  return result;
}

/** How many entries of each action a plan has. */
export function countPlan(plan: SyncPlan): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0, delete: 0, stale: 0, keep: 0 };
  for (const entry of plan.entries) counts[entry.action] += 1;
  return counts;
}

/** Whether applying the plan would write anything. */
export function planHasChanges(plan: SyncPlan): boolean {
  const counts = countPlan(plan);
  return counts.create + counts.update + counts.delete > 0;
}
