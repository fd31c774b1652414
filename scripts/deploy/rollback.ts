/**
 * npm run rollback -- [--to-version N] [--config-dir config]
 *
 * Moves the alias Alexa calls (`live`) of the function in config/deploy.yaml back to an
 * earlier published version. This script will:
 *   1. read the alias and the published versions;
 *   2. pick the target: --to-version, else the version the alias came from (deploy-lambda records
 *      it in the alias description), else the published version just before the current one;
 *   3. check that version answers the health event (its code and settings still work);
 *   4. move the alias, only if nobody moved it meanwhile (RevisionId), recording where it came from,
 *      so a second rollback undoes the first; then put the alias `diagnostics` (what the Doctor and
 *      the Discovery test invoke) on the same version.
 * Each published version keeps its own settings (PARAMETER_SET), so nothing else needs undoing.
 */
import type { RetryOptions } from '../aws/aws-call.js';
import { createLambdaClient, requireRegion } from '../aws/aws-clients.js';
import { LIVE_ALIAS, requireFunctionName } from '../aws/lambda-target.js';
import type { LambdaContext } from '../aws/lambda-invoke.js';
import { listVersions } from '../aws/lambda-versions.js';
import { CONFIG_DIR } from '../config/config-files.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import { appendStepSummary } from '../shared/step-summary.js';
import { getAlias, moveAlias, movedFrom, ROLLBACK_BY } from './alias-move.js';
import { describeFollow, followLive } from './diagnostics-alias.js';
import { checkHealth } from './smoke-test.js';

const USAGE = 'usage: npm run rollback -- [--to-version N] [--config-dir config]';

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
    const alias = LIVE_ALIAS;
    const context: LambdaContext = { lambda: createLambdaClient(region), io, ...(testOptions.retry ? { retry: testOptions.retry } : {}) };
    const where = `${functionName}:${alias}`;

    io.out(`1/3 Reading ${where}…`);
    const current = await getAlias(context, functionName, alias);
    const from = current.FunctionVersion ?? '?';
    const recorded = movedFrom(current);
    io.out(`1/3 Reading ${where}… version ${from}${recorded ? ` (moved there from version ${recorded})` : ''}`);
    const versions = await listVersions(context, functionName);

    const target = args.toVersion ?? recorded ?? versions.filter((version) => version < Number(from)).at(-1)?.toString();
    if (target === undefined) throw new ScriptError(`no version before ${from} to roll back to: name one with --to-version`);
    if (!versions.includes(Number(target))) {
      throw new ScriptError(`version ${target} of ${functionName} does not exist (published: ${versions.join(', ') || 'none'}); alias ${alias} stays on version ${from}`);
    }
    if (target === from) {
      io.out(`${where} is already on version ${target}: nothing to do.`);
      return 0;
    }
    const why = args.toVersion ? '--to-version' : recorded ? 'the version before' : `the published version before ${from}`;
    const health = await checkHealth(context, functionName, target);
    if (!health.ok) throw new ScriptError(`version ${target} fails its health check: ${health.detail}; alias ${alias} stays on version ${from}`);
    io.out(`2/3 Checking version ${target} (${why})… health ok, ${health.detail}`);

    await moveAlias(context, { functionName, alias, version: target, from, revisionId: current.RevisionId, by: ROLLBACK_BY });
    io.out(`3/3 Alias ${alias}: version ${from} → ${target}`);
    io.out(`  alias diagnostics: ${describeFollow(await followLive(context, functionName, target, ROLLBACK_BY))}`);
    appendStepSummary(env, `### ↩️ Rollback: \`${where}\` version ${from} → ${target}\n\nTarget: ${why}; health: ${health.detail}.`);
    io.out(`Rolled back: ${where} → version ${target} (was ${from}).`);
    return 0;
  };
}

function parseCliArgs(argv: readonly string[]): { toVersion?: string; configDir: string; help: boolean } {
  const values = parseOptions(argv, { 'to-version': { type: 'string' }, 'config-dir': { type: 'string', default: CONFIG_DIR } }, USAGE);
  // The rollback workflow passes its input as it is: empty means "the version before".
  const toVersion = values['to-version']?.trim() || undefined;
  if (toVersion !== undefined && !/^[1-9]\d*$/.test(toVersion)) throw new ScriptError(`--to-version must be a version number such as 3; ${USAGE}`);
  return { ...(toVersion ? { toVersion } : {}), configDir: values['config-dir'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('rollback', main);
}
