/**
 * npm run rollback -- [--to-version <n>] [--config-dir config]
 *
 * Moves the `live` alias Alexa calls back to an earlier version, at once. This script will:
 *   1. read where `live` points (lambda:GetAlias) and the published versions (lambda:ListVersionsByFunction);
 *   2. pick --to-version, or else the newest version older than the current one;
 *   3. move the alias (lambda:UpdateAlias) and write what it did to the job summary.
 * A minimal rollback (no smoke test of the target): the version ran before, as `live`.
 */
import { parseArgs } from 'node:util';
import { GetAliasCommand, paginateListVersionsByFunction, UpdateAliasCommand } from '@aws-sdk/client-lambda';
import { awsCall, type RetryOptions } from '../aws/aws-call.js';
import { createLambdaClient, requireRegion } from '../aws/aws-clients.js';
import { LIVE_ALIAS, requireFunctionName } from '../aws/lambda-target.js';
import { CONFIG_DIR } from '../config/config-files.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { isDirectRun, runCli, type Main } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import { appendStepSummary } from '../shared/step-summary.js';

const USAGE = 'usage: npm run rollback -- [--to-version <n>] [--config-dir <dir>]';

/** The version to go back to: `wanted` if published, else the newest one before `current`. */
export function chooseRollbackVersion(published: readonly string[], current: string, wanted?: string): string {
  const numbers = published.filter((version) => /^\d+$/.test(version)).map(Number).sort((a, b) => a - b);
  if (wanted !== undefined) {
    if (!numbers.includes(Number(wanted))) throw new ScriptError(`version ${wanted} is not a published version (published: ${numbers.join(', ') || 'none'})`);
    if (wanted === current) throw new ScriptError(`${LIVE_ALIAS} already points to version ${wanted}`);
    return wanted;
  }
  const older = numbers.filter((version) => version < Number(current));
  const previous = older.at(-1);
  if (previous === undefined) throw new ScriptError(`no version older than ${current} to go back to: give one with --to-version`);
  return String(previous);
}

export function createMain(testOptions: { retry?: RetryOptions } = {}): Main {
  return async (argv, processEnv, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const env = withDeploySettings(processEnv, args.configDir);
    const region = requireRegion(env);
    const functionName = requireFunctionName(env);
    const lambda = createLambdaClient(region);
    const options = { io, ...(testOptions.retry ? { retry: testOptions.retry } : {}) };
    const target = `${functionName}:${LIVE_ALIAS}`;

    const alias = await awsCall({ action: 'lambda:GetAlias', resource: target }, () => lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS })), options);
    const current = alias.FunctionVersion ?? '?';
    const published = await awsCall({ action: 'lambda:ListVersionsByFunction', resource: functionName }, async () => {
      const versions: string[] = [];
      for await (const page of paginateListVersionsByFunction({ client: lambda }, { FunctionName: functionName })) {
        for (const version of page.Versions ?? []) if (version.Version) versions.push(version.Version);
      }
      return versions;
    }, options);
    const version = chooseRollbackVersion(published, current, args.toVersion);
    await awsCall({ action: 'lambda:UpdateAlias', resource: target }, () =>
      lambda.send(new UpdateAliasCommand({ FunctionName: functionName, Name: LIVE_ALIAS, FunctionVersion: version, ...(alias.RevisionId ? { RevisionId: alias.RevisionId } : {}) })), options);
    io.out(`Rolled back: ${target} version ${current} → ${version}.`);
    appendStepSummary(env, `### ↩️ Rollback: \`${target}\` (${region})\n\nAlexa now calls version **${version}** (was ${current}).`);
    return 0;
  };
}

function parseCliArgs(argv: readonly string[]) {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'to-version': { type: 'string' },
        'config-dir': { type: 'string', default: CONFIG_DIR },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new ScriptError(`${err instanceof Error ? err.message : String(err)}; ${USAGE}`);
  }
  const toVersion = values['to-version']?.trim() || undefined;
  if (toVersion !== undefined && !/^\d+$/.test(toVersion)) throw new ScriptError(`--to-version must be a version number, e.g. 7; ${USAGE}`);
  return { ...(toVersion ? { toVersion } : {}), configDir: values['config-dir'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('rollback', main);
}
