/**
 * npm run invoke-discovery -- [--qualifier diagnostics] [--token stored|secret] [--config-dir config]
 *
 * Asks the deployed function to discover devices, as Alexa does. This script will:
 *   1. invoke LAMBDA_FUNCTION_NAME:<qualifier> (an alias or a version; default diagnostics, the
 *      read-only alias on live's version, the only one the Discovery test workflow's role may invoke;
 *      AWS_REGION and LAMBDA_FUNCTION_NAME come from config/deploy.yaml unless set)
 *      with an Alexa.Discovery directive, using the token stored in Parameter Store
 *      (--token secret sends HA_TOKEN instead, as Alexa sends its account-linking token);
 *   2. print a table of the endpoints (name, endpointId, categories, capabilities), except in a
 *      public repository's Actions log;
 *   3. check them against Alexa's limits (300 endpoints, 100 capabilities per endpoint);
 *   4. write the table to the GitHub job summary, and fail on an error answer, explaining it.
 */
import type { RetryOptions } from '../aws/aws-call.js';
import { createLambdaClient, requireRegion } from '../aws/aws-clients.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { formatDiscoveryMarkdown, formatDiscoveryText, MAX_CAPABILITIES_PER_ENDPOINT, MAX_ENDPOINTS, runDiscovery, type TokenSource } from './discovery.js';
import { ScriptError } from '../shared/errors.js';
import { plural } from '../shared/format.js';
import { checkQualifier, DIAGNOSTICS_ALIAS, requireFunctionName } from '../aws/lambda-target.js';
import { CONFIG_DIR } from '../config/config-files.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { withProgress } from '../shared/progress.js';
import { appendStepSummary, DEVICES_HIDDEN_IN_LOG, logShowsDetails, summaryShowsDetails } from '../shared/step-summary.js';

const USAGE = 'usage: npm run invoke-discovery -- [--qualifier <alias|version>] [--token stored|secret] [--config-dir <dir>]';

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
    const qualifier = args.qualifier ? checkQualifier(args.qualifier) : DIAGNOSTICS_ALIAS;
    const token = args.token === 'secret' ? env.HA_TOKEN?.trim() : undefined;
    if (args.token === 'secret' && !token) throw new ScriptError('--token secret needs the HA_TOKEN environment variable (the HA_TOKEN secret in the workflow)');

    const context = { lambda: createLambdaClient(region), io, ...(testOptions.retry ? { retry: testOptions.retry } : {}) };
    const where = `${functionName}:${qualifier}`;
    const report = await withProgress(io, `Discovering devices through ${where} (${region}) with the ${args.token === 'secret' ? 'HA_TOKEN secret' : 'stored token'}`, () =>
      runDiscovery(context, { functionName, qualifier, ...(token ? { token } : {}) }),
    );
    const version = report.executedVersion ? `, version ${report.executedVersion}` : '';
    if (report.endpoints.length > 0) io.out(logShowsDetails(env) ? formatDiscoveryText(report.endpoints) : DEVICES_HIDDEN_IN_LOG);
    for (const warning of report.warnings) io.err(`warning: ${warning}`);
    appendStepSummary(env, formatDiscoveryMarkdown(report, `Alexa discovery through \`${where}\`${version}`, summaryShowsDetails(env)));
    if (!report.ok) throw new ScriptError(`discovery through ${where} failed: ${report.reason ?? 'no reason'}`);
    const most = Math.max(0, ...report.endpoints.map((endpoint) => endpoint.interfaces.length));
    io.out(
      `${plural(report.endpoints.length, 'endpoint')} (Alexa allows ${MAX_ENDPOINTS}); ` +
        `at most ${plural(most, 'capability', 'capabilities')} on one endpoint (Alexa allows ${MAX_CAPABILITIES_PER_ENDPOINT}).`,
    );
    return 0;
  };
}

function parseCliArgs(argv: readonly string[]): { qualifier?: string; token: TokenSource; configDir: string; help: boolean } {
  const values = parseOptions(argv, {
    qualifier: { type: 'string' },
    token: { type: 'string', default: 'stored' },
    'config-dir': { type: 'string', default: CONFIG_DIR },
  }, USAGE);
  if (values.token !== 'stored' && values.token !== 'secret') throw new ScriptError(`--token must be stored or secret; ${USAGE}`);
  return { ...(values.qualifier ? { qualifier: values.qualifier } : {}), token: values.token, configDir: values['config-dir'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('invoke-discovery', main);
}
