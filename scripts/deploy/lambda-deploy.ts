import { createHash } from 'node:crypto';
import {
  GetFunctionCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { awsCall } from '../aws/aws-call.js';
import { AliasMovedMeanwhile, getAlias, moveAlias } from './alias-move.js';
import { describeKeptRollback, keepsRollback, type KeptRollback } from './kept-rollback.js';
import { runDiscovery } from './discovery.js';
import { describeFollow, followLive, type DiagnosticsFollow } from './diagnostics-alias.js';
import { ScriptError } from '../shared/errors.js';
import { formatBytes } from '../shared/format.js';
import { describeEnvironmentChange, planEnvironment } from '../config/function-environment.js';
import type { FunctionConfig } from '../config/function-config.js';
import type { LambdaContext } from '../aws/lambda-invoke.js';
import { PARAMETER_BACKED_ENV } from '../config/lambda-settings.js';
import { withProgress } from '../shared/progress.js';
import { runSmokeTest, type SmokeReport } from './smoke-test.js';

export const RUNTIME = 'nodejs24.x';
export const HANDLER = 'index.handler';
/** UpdateFunctionCode takes at most 50 MB of zip in the request. */
export const MAX_DIRECT_UPLOAD_BYTES = 50 * 1024 * 1024;

/** The waiter's timing, in seconds; tests make it fast. */
export interface WaiterTiming {
  minDelay: number;
  maxDelay: number;
  maxWaitTime: number;
}

export const DEFAULT_WAITER: WaiterTiming = { minDelay: 1, maxDelay: 5, maxWaitTime: 300 };

export interface DeployContext extends LambdaContext {
  waiter?: WaiterTiming;
  /** How often a long wait prints "still updating"; tests shorten it. */
  tickMs?: number;
}

export interface DeployInput {
  functionName: string;
  alias: string;
  zip: Uint8Array;
  /** How the zip is named in messages, e.g. `dist/lambda.zip`. */
  zipLabel: string;
  functionConfig: FunctionConfig;
  prefix: string;
  /** The settings set the version reads (PARAMETER_SET), written by sync-parameters; unset: none. */
  parameterSet?: string;
  /** The version's description, e.g. the commit. */
  description: string;
  /** The token the smoke-test Discovery sends, as Alexa would; without it the stored token is used. */
  smokeToken?: string;
  /** Name devices in the log (false in a public repository's Actions log). */
  logDevices?: boolean;
  /** Accept far fewer endpoints than the live version finds (an intended filter change). */
  allowFewerEndpoints?: boolean;
}

export interface DeployReport {
  ok: boolean;
  reason?: string;
  functionName: string;
  alias: string;
  codeChanged: boolean;
  codeSha256: string;
  configChanges: string[];
  warnings: string[];
  version?: string;
  previousVersion?: string;
  aliasMoved: boolean;
  /** The check through the alias failed and the alias went back to `previousVersion`. */
  aliasMovedBack?: boolean;
  /** Nothing was published: the build is the version a rollback moved the alias away from. */
  keptRollback?: KeptRollback;
  /** Someone else moved the alias while this deploy ran; that move stands. */
  movedMeanwhile?: { version: string; who: string };
  /** The alias `diagnostics`, put where `live` ended up (the Doctor and the Discovery test invoke it). */
  diagnostics?: DiagnosticsFollow;
  /** Why `diagnostics` could not follow `live`. */
  diagnosticsProblem?: string;
  smoke?: SmokeReport;
}

/** Base64 SHA-256 of the zip, as Lambda reports `CodeSha256`. */
export function zipSha256(zip: Uint8Array): string {
  return createHash('sha256').update(zip).digest('base64');
}

async function getFunction(context: DeployContext, functionName: string): Promise<FunctionConfiguration> {
  const answer = await awsCall({ action: 'lambda:GetFunction', resource: functionName }, () => context.lambda.send(new GetFunctionCommand({ FunctionName: functionName })), {
    io: context.io,
    ...(context.retry ? { retry: context.retry } : {}),
  });
  if (!answer.Configuration) throw new ScriptError(`lambda:GetFunction returned no configuration for ${functionName}`);
  return answer.Configuration;
}

/** Waits until the last update finished (`waitUntilFunctionUpdatedV2`), explaining a failed update. */
export async function waitForUpdate(context: DeployContext, functionName: string, label: string): Promise<FunctionConfiguration> {
  const timing = context.waiter ?? DEFAULT_WAITER;
  try {
    await withProgress(context.io, `  ${label}`, () => waitUntilFunctionUpdatedV2({ client: context.lambda, ...timing }, { FunctionName: functionName }), {
      doing: 'updating',
      ...(context.tickMs ? { tickMs: context.tickMs } : {}),
    });
  } catch {
    const current = await getFunction(context, functionName);
    if (current.LastUpdateStatus === 'Failed') {
      throw new ScriptError(`the update of ${functionName} failed: ${current.LastUpdateStatusReason ?? 'no reason given'} (${current.LastUpdateStatusReasonCode ?? 'Failed'})`);
    }
    throw new ScriptError(`${functionName} was still updating after ${timing.maxWaitTime} s; run the deploy again`);
  }
  return getFunction(context, functionName);
}

/**
 * Deploys the zip safely:
 * 1. uploads the code when it differs (`UpdateFunctionCode`) and waits for the update;
 * 2. updates the configuration when it differs, merging environment variables;
 * 3. publishes a version, unless it would be the version `npm run rollback` moved the alias away
 *    from (same code and configuration): then the alias stays where the rollback put it;
 * 4. smoke-tests that version (health, then Discovery);
 * 5. only then moves the alias Alexa calls, if nobody moved it meanwhile (that move stands).
 *    On a failed smoke test the alias stays where it was.
 * Then the alias `diagnostics` (the only one the Doctor and the Discovery test may invoke, and
 * read-only) is put on the version `live` ended up on, created when missing; when the deploy role
 * may not manage it, the deploy fails, saying to rerun the bootstrap command.
 */
export async function deployLambda(context: DeployContext, input: DeployInput): Promise<DeployReport> {
  const report = await publishAndMoveLive(context, input);
  const live = liveVersionAfter(report);
  if (live === undefined) return report;
  try {
    report.diagnostics = await followLive(context, input.functionName, live, 'deploy-lambda');
    context.io.out(`  alias diagnostics: ${describeFollow(report.diagnostics)}`);
  } catch (err) {
    if (!(err instanceof ScriptError)) throw err;
    report.ok = false;
    report.diagnosticsProblem = err.message;
    report.reason = report.reason ? `${report.reason}; ${err.message}` : err.message;
  }
  return report;
}

/** The version `live` is on once the deploy is over, as the report tells it. */
function liveVersionAfter(report: DeployReport): string | undefined {
  if (report.movedMeanwhile) return report.movedMeanwhile.version;
  if (report.keptRollback) return report.keptRollback.version;
  if (report.aliasMoved && !report.aliasMovedBack) return report.version;
  if (report.ok) return report.version;
  return report.previousVersion;
}

async function publishAndMoveLive(context: DeployContext, input: DeployInput): Promise<DeployReport> {
  const { lambda, io } = context;
  const { functionName, alias, functionConfig } = input;
  const call = <T>(action: string, resource: string, send: () => Promise<T>) =>
    awsCall({ action, resource }, send, { io, ...(context.retry ? { retry: context.retry } : {}) });
  if (input.zip.byteLength > MAX_DIRECT_UPLOAD_BYTES) {
    throw new ScriptError(`${input.zipLabel} is ${formatBytes(input.zip.byteLength)}, more than the 50 MB Lambda accepts in one upload`);
  }
  const sha = zipSha256(input.zip);
  const report: DeployReport = { ok: false, functionName, alias, codeChanged: false, codeSha256: sha, configChanges: [], warnings: [], aliasMoved: false };

  io.out(`1/5 Reading ${functionName} and its alias ${alias}…`);
  let current = await getFunction(context, functionName);
  const aliasNow = await getAlias(context, functionName, alias);
  if (aliasNow.FunctionVersion) report.previousVersion = aliasNow.FunctionVersion;
  if (current.LastUpdateStatus === 'InProgress') current = await waitForUpdate(context, functionName, 'another update is in progress; waiting');

  const architecture = functionConfig.architecture;
  const sameArchitecture = (current.Architectures ?? ['x86_64']).join() === architecture;
  if (current.CodeSha256 === sha && sameArchitecture) {
    io.out(`2/5 Code: unchanged (${input.zipLabel}, sha256 ${sha.slice(0, 12)}…)`);
  } else {
    report.codeChanged = true;
    await withProgress(io, `2/5 Uploading ${input.zipLabel} (${formatBytes(input.zip.byteLength)}, ${architecture})`, () =>
      call('lambda:UpdateFunctionCode', functionName, () =>
        lambda.send(new UpdateFunctionCodeCommand({ FunctionName: functionName, ZipFile: input.zip, Architectures: [architecture] })),
      ),
    );
    current = await waitForUpdate(context, functionName, 'waiting for the code update to finish');
  }

  const environment = planEnvironment(current.Environment?.Variables ?? {}, functionConfig, input.prefix, input.parameterSet);
  for (const key of environment.overrides) {
    report.warnings.push(`${key} is set on the function and overrides ${input.prefix}/${PARAMETER_BACKED_ENV[key] ?? ''} from config/: remove it from the function's environment`);
  }
  const update: { MemorySize?: number; Timeout?: number; Runtime?: 'nodejs24.x'; Handler?: string; Environment?: { Variables: Record<string, string> } } = {};
  if (current.MemorySize !== functionConfig.memoryMb) {
    update.MemorySize = functionConfig.memoryMb;
    report.configChanges.push(`memory ${current.MemorySize ?? '?'} → ${functionConfig.memoryMb} MB`);
  }
  if (current.Timeout !== functionConfig.timeoutSeconds) {
    update.Timeout = functionConfig.timeoutSeconds;
    report.configChanges.push(`timeout ${current.Timeout ?? '?'} → ${functionConfig.timeoutSeconds} s`);
  }
  if (current.Runtime !== RUNTIME) {
    update.Runtime = RUNTIME;
    report.configChanges.push(`runtime ${current.Runtime ?? '?'} → ${RUNTIME}`);
  }
  if (current.Handler !== HANDLER) {
    update.Handler = HANDLER;
    report.configChanges.push(`handler ${current.Handler ?? '?'} → ${HANDLER}`);
  }
  if (environment.changes.length > 0) {
    update.Environment = { Variables: environment.variables };
    report.configChanges.push(...environment.changes.map(describeEnvironmentChange));
  }
  if (report.configChanges.length === 0) {
    io.out('3/5 Configuration: unchanged');
  } else {
    io.out(`3/5 Configuration: ${report.configChanges.join('; ')}`);
    await call('lambda:UpdateFunctionConfiguration', functionName, () => lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, ...update })));
    current = await waitForUpdate(context, functionName, 'waiting for the configuration update to finish');
  }
  for (const warning of report.warnings) io.err(`warning: ${warning}`);

  const kept = await keepsRollback(context, { functionName, alias: aliasNow, candidate: current });
  if (kept) {
    report.keptRollback = kept;
    report.ok = true;
    io.out(`4/5 Not published: ${describeKeptRollback(alias, kept)}`);
    return report;
  }

  const published = await call('lambda:PublishVersion', functionName, () =>
    lambda.send(new PublishVersionCommand({ FunctionName: functionName, CodeSha256: sha, Description: input.description.slice(0, 256) })),
  );
  const version = published.Version;
  if (!version) throw new ScriptError(`lambda:PublishVersion returned no version for ${functionName}`);
  report.version = version;
  io.out(`4/5 Published version ${version}; smoke test on ${functionName}:${version}…`);

  const smoke = await runSmokeTest(context, {
    functionName,
    version,
    ...(input.smokeToken ? { token: input.smokeToken } : {}),
    ...(report.previousVersion ? { previousVersion: report.previousVersion } : {}),
    ...(input.allowFewerEndpoints ? { allowFewerEndpoints: true } : {}),
    ...(input.logDevices === false ? { logDevices: false } : {}),
  });
  report.smoke = smoke;
  if (!smoke.ok) {
    report.reason = `smoke test failed on version ${version}: ${smoke.reason ?? 'no reason'}; alias ${alias} stays on version ${report.previousVersion ?? '?'}`;
    return report;
  }

  if (aliasNow.FunctionVersion === version) {
    io.out(`5/5 Alias ${alias} already points to version ${version}`);
    report.ok = true;
    return report;
  }
  const moved = await moveAlias(context, { functionName, alias, version, from: report.previousVersion, revisionId: aliasNow.RevisionId, by: 'deploy-lambda' }).catch(meanwhile);
  if (moved instanceof AliasMovedMeanwhile) {
    report.movedMeanwhile = { version: moved.version, who: moved.who };
    report.reason =
      `alias ${alias} was moved while this deploy ran (${moved.who}): that move stands and ${alias} stays on version ${moved.version}. ` +
      `Version ${version} passed its smoke test but is not live; run the deploy again to put it live`;
    io.out(`5/5 Alias ${alias}: not moved`);
    return report;
  }
  report.aliasMoved = true;
  io.out(`5/5 Alias ${alias}: version ${report.previousVersion ?? '?'} → ${version}; checking discovery through ${functionName}:${alias}…`);
  const problem = await checkThroughAlias(context, { functionName, alias, version, ...(input.smokeToken ? { token: input.smokeToken } : {}) });
  if (problem) {
    report.reason = `the check through the alias ${alias} failed on version ${version}: ${problem}`;
    if (report.previousVersion) {
      const back = await moveAlias(context, { functionName, alias, version: report.previousVersion, from: version, revisionId: moved.RevisionId, by: 'deploy-lambda (moved back)' }).catch(meanwhile);
      if (back instanceof AliasMovedMeanwhile) {
        report.movedMeanwhile = { version: back.version, who: back.who };
        report.reason += `; alias ${alias} was not moved back: it was moved meanwhile (${back.who}), and that move stands`;
      } else {
        report.aliasMovedBack = true;
        report.reason += `; alias ${alias} moved back to version ${report.previousVersion}`;
      }
    }
    io.out(`  ${report.reason}`);
    return report;
  }
  io.out(`  through ${alias}: ok, version ${version} answers`);
  report.ok = true;
  return report;
}

/** A `.catch` for moveAlias: the alias moved meanwhile is an answer (that move stands), anything else is thrown. */
function meanwhile(err: unknown): AliasMovedMeanwhile {
  if (err instanceof AliasMovedMeanwhile) return err;
  throw err;
}

/**
 * After the move: a Discovery through the alias, as Alexa calls it, must run the new version and
 * succeed. Returns the problem, or undefined. Any error counts, so the alias never stays on a version
 * that failed here.
 */
async function checkThroughAlias(context: DeployContext, input: { functionName: string; alias: string; version: string; token?: string }): Promise<string | undefined> {
  try {
    const discovery = await runDiscovery(context, { functionName: input.functionName, qualifier: input.alias, ...(input.token ? { token: input.token } : {}) });
    if (!discovery.ok) return discovery.reason ?? 'discovery failed';
    if (discovery.executedVersion && discovery.executedVersion !== input.version) {
      return `the alias ran version ${discovery.executedVersion}, not ${input.version}: did another deploy move it?`;
    }
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
