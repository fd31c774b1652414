/**
 * npm run deploy-lambda -- [--zip dist/lambda.zip] [--config-dir config] [--description <text>] [--allow-fewer-endpoints]
 *
 * Deploys the built zip to LAMBDA_FUNCTION_NAME in AWS_REGION. This script will:
 *   0. check that sync-parameters wrote the settings set of config/ and HA_TOKEN (<prefix>/settings/<id>,
 *      named with the ID key <prefix>/deploy/id-key);
 *   1. read the function and the alias (waiting if another update is still in progress);
 *   2. upload dist/lambda.zip when it differs (UpdateFunctionCode) and wait (waitUntilFunctionUpdatedV2);
 *   3. apply config/function.yaml when it differs (memory, timeout, runtime, merged env vars,
 *      PARAMETER_SET=<id> so the version reads the settings it is tested with);
 *   4. unless this build is the version npm run rollback moved the alias away from (same code, same
 *      configuration and settings set: a rerun, a docs-only push), which leaves the alias where the
 *      rollback put it and exits 0, publish nothing, and say so;
 *      else publish a version and smoke-test it with the token stored in its own set (as the Custom
 *      skill and the doctor use it; HA_TOKEN as Alexa sends it only with HA_TOKEN_SOURCE=directive):
 *      the health event, a Discovery that finds endpoints and not
 *      far fewer than the live version (--allow-fewer-endpoints accepts an intended drop), and a
 *      ReportState of one endpoint (nothing is ever switched);
 *   5. move the alias `live` only if the smoke test passed and nobody moved it meanwhile (a rollback
 *      during the deploy wins; the job fails, saying so), recording the version it came from in its
 *      description (npm run rollback reads it), then run a Discovery through the alias; if that
 *      fails, the alias moves back at once;
 *   6. delete the settings sets that no version of the function reads any more.
 * AWS_REGION, LAMBDA_FUNCTION_NAME and PARAMETER_PREFIX come from config/deploy.yaml unless set.
 * On a failed smoke test the alias stays on the last good version and the job fails, saying why.
 */
import { readFileSync } from 'node:fs';
import type { RetryOptions } from '../aws/aws-call.js';
import { createLambdaClient, createSsmClient, requireRegion } from '../aws/aws-clients.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { CONFIG_DIR, loadAll, loadFunctionConfig, loadParametersConfig, loadSkillConfig } from '../config/config-files.js';
import { buildDesiredParameters, ID_KEY_NAME, versionParameters, type VersionedParameters } from './desired-parameters.js';
import { listParameters, type SsmContext } from './parameter-sync.js';
import { pruneSettingsSets } from './prune-settings.js';
import { plural } from '../shared/format.js';
import { formatDeployMarkdown } from './deploy-summary.js';
import { ScriptError } from '../shared/errors.js';
import { deployLambda, type WaiterTiming } from './lambda-deploy.js';
import { requireFunctionName, LIVE_ALIAS } from '../aws/lambda-target.js';
import { resolveParameterPrefix } from '../aws/parameter-prefix.js';
import { assertRegionServesLocales } from '../config/regions.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { withSkillEnvironment } from '../config/skill-environment.js';
import { appendStepSummary, logShowsDetails, summaryShowsDetails } from '../shared/step-summary.js';

const USAGE = 'usage: npm run deploy-lambda -- [--zip dist/lambda.zip] [--config-dir config] [--description <text>] [--allow-fewer-endpoints]';

/** Timings tests shrink. */
export interface DeployTestOptions {
  retry?: RetryOptions;
  waiter?: WaiterTiming;
  tickMs?: number;
}

export function createMain(testOptions: DeployTestOptions = {}): Main {
  return async (argv, processEnv, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const [fileConfig, skill, parameters] = loadAll([
      () => loadFunctionConfig(args.configDir),
      () => loadSkillConfig(args.configDir),
      () => loadParametersConfig(args.configDir),
    ] as const);
    const functionConfig = withSkillEnvironment(fileConfig, skill);
    const env = withDeploySettings(processEnv, args.configDir);
    const region = requireRegion(env);
    const functionName = requireFunctionName(env);
    const alias = LIVE_ALIAS;
    const prefix = resolveParameterPrefix(env);
    assertRegionServesLocales(region, skill.locales);
    const zip = readZip(args.zip);
    const desired = buildDesiredParameters({ prefix, parameters, skill, env });

    const description = args.description ?? describeBuild(env);
    io.out(`Deploying ${args.zip} to ${functionName} in ${region}; Alexa calls the alias ${alias}.`);
    const context = {
      lambda: createLambdaClient(region),
      io,
      ...(testOptions.retry ? { retry: testOptions.retry } : {}),
      ...(testOptions.waiter ? { waiter: testOptions.waiter } : {}),
      ...(testOptions.tickMs ? { tickMs: testOptions.tickMs } : {}),
    };
    const ssmContext = { ssm: createSsmClient(region), io, ...(testOptions.retry ? { retry: testOptions.retry } : {}) };
    const settings = versionParameters(prefix, desired, await readIdKey(ssmContext, prefix));
    await requireSettingsSet(ssmContext, settings);
    // The smoke test uses the token the version itself will use: its stored one, unless it takes only Alexa's.
    const token = functionConfig.environment.HA_TOKEN_SOURCE === 'directive' ? env.HA_TOKEN?.trim() : undefined;
    const report = await deployLambda(context, {
      functionName,
      alias,
      zip,
      zipLabel: args.zip,
      functionConfig,
      prefix,
      parameterSet: settings.setId,
      ...(args.allowFewerEndpoints ? { allowFewerEndpoints: true } : {}),
      ...(logShowsDetails(env) ? {} : { logDevices: false }),
      description,
      ...(token ? { smokeToken: token } : {}),
    });
    appendStepSummary(env, formatDeployMarkdown(report, region, summaryShowsDetails(env)));
    if (!report.ok) throw new ScriptError(report.reason ?? 'the deploy failed');
    io.out(
      report.keptRollback
        ? `Not deployed: ${functionName}:${alias} stays on version ${report.keptRollback.version}, where the rollback put it.`
        : `Deployed: ${functionName}:${alias} → version ${report.version ?? '?'}.`,
    );
    await pruneQuietly({ ...context, ...ssmContext }, { functionName, prefix, currentSet: settings.setId });
    return 0;
  };
}

/** Deletes the settings sets no version reads; a failure is a warning, since the deploy has succeeded. */
async function pruneQuietly(context: Parameters<typeof pruneSettingsSets>[0], input: Parameters<typeof pruneSettingsSets>[1]): Promise<void> {
  try {
    const pruned = await pruneSettingsSets(context, input);
    if (pruned.deletedSets.length > 0) {
      context.io.out(`Deleted ${plural(pruned.deletedSets.length, 'settings set')} no version reads (${plural(pruned.deletedParameters, 'parameter')}); ${plural(pruned.keptSets, 'set')} kept.`);
    }
  } catch (error) {
    context.io.err(`warning: old settings sets were not deleted: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The key that names the settings sets, which the first sync-parameters makes. */
async function readIdKey(context: SsmContext, prefix: string): Promise<string> {
  const name = `${prefix}/${ID_KEY_NAME}`;
  const key = (await listParameters(context, name.slice(0, name.lastIndexOf('/')))).find((parameter) => parameter.name === name)?.value;
  if (!key) throw new ScriptError(`${name} does not exist: run npm run sync-parameters first`);
  return key;
}

/** Fails, before anything changes, unless every setting of config/ is in its set in Parameter Store. */
async function requireSettingsSet(context: SsmContext, settings: VersionedParameters): Promise<void> {
  const existing = new Map((await listParameters(context, settings.setPath)).map((parameter) => [parameter.name, parameter.value]));
  const wanted = settings.parameters.filter((parameter) => parameter.name.startsWith(`${settings.setPath}/`));
  const missing = wanted.filter((parameter) => existing.get(parameter.name) !== parameter.value);
  if (missing.length > 0) {
    throw new ScriptError(
      `the settings of config/ are not in Parameter Store (${settings.setPath}): run npm run sync-parameters first, ` +
        `with the same config/, HA_URL, HA_TOKEN and HA_CF_ACCESS_CLIENT_SECRET (${plural(missing.length, 'parameter')} missing or different)`,
    );
  }
  context.io?.out(`Settings set ${settings.setId}: ${plural(wanted.length, 'parameter')} in ${settings.setPath}`);
}

function readZip(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScriptError(code === 'ENOENT' ? `${path} not found: run npm run build first` : `${path} cannot be read (${code ?? String(err)})`);
  }
}

/** `commit 1a2b3c4 (run 123)` in Actions, else a timestamp. */
function describeBuild(env: NodeJS.ProcessEnv): string {
  if (env.GITHUB_SHA) return `commit ${env.GITHUB_SHA.slice(0, 7)}${env.GITHUB_RUN_ID ? ` (run ${env.GITHUB_RUN_ID})` : ''}`;
  return `deployed by deploy-lambda at ${new Date().toISOString()}`;
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    zip: { type: 'string', default: 'dist/lambda.zip' },
    'config-dir': { type: 'string', default: CONFIG_DIR },
    description: { type: 'string' },
    'allow-fewer-endpoints': { type: 'boolean', default: false },
  }, USAGE);
  return { zip: values.zip, configDir: values['config-dir'], description: values.description, allowFewerEndpoints: values['allow-fewer-endpoints'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('deploy-lambda', main);
}
