/**
 * npm run doctor -- [--lambda] [--qualifier diagnostics] [--checks tls,token] [--locales en-US,de-DE] [--json FILE]
 *
 * Diagnoses the setup and prints a table with a fix for every problem. This script will:
 *   1. run the doctor: here, against HOME_ASSISTANT_URL with HOME_ASSISTANT_TOKEN (default), or with
 *      --lambda inside the deployed function LAMBDA_FUNCTION_NAME:<qualifier> in AWS_REGION, which
 *      sees what Alexa's calls see (AWS's DNS, egress and TLS path); the default qualifier is the
 *      alias diagnostics, on live's version, the only one the Doctor workflow's role may invoke;
 *   2. pass the skill's locales (config/skill.yaml, or --locales) for the region check;
 *   3. print the table, add it to the GitHub job summary, and write the report to --json FILE; in a
 *      public repository's run, register masks for the address and leave out measured values;
 *   4. with --lambda, add the "Ingest URL" line: the Function URL of live (Alexa events), poked without
 *      its secret, must answer 401 (skipped without a URL);
 *   5. exit 1 when a check failed (warnings alone exit 0).
 */
import { BOOTSTRAP_COMMAND_WHERE } from '../config/bootstrap-command-hint.js';
import { writeFileSync } from 'node:fs';
import type { RetryOptions } from '../aws/aws-call.js';
import { createLambdaClient, requireRegion } from '../aws/aws-clients.js';
import { describeFunctionError, invokeJson } from '../aws/lambda-invoke.js';
import { checkQualifier, DIAGNOSTICS_ALIAS, requireFunctionName } from '../aws/lambda-target.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { CONFIG_DIR, loadSkillConfig } from '../config/config-files.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import type { Io } from '../shared/io.js';
import { withProgress } from '../shared/progress.js';
import { maskAddress } from '../shared/address-masks.js';
import { appendStepSummary, logShowsDetails, summaryShowsDetails } from '../shared/step-summary.js';
import { checkIngestUrl, INGEST_CHECK, withCheck } from './ingest-url.js';
import { publicReport, reportAddressForms } from './public-report.js';
import { failedReport, toDoctorReport, type DoctorReport } from './report.js';
import { formatDoctorMarkdown, formatDoctorText } from './table.js';

const USAGE = 'usage: npm run doctor -- [--lambda] [--qualifier <alias|version>] [--checks a,b] [--locales en-US,de-DE] [--json FILE]';

interface DoctorArgs {
  readonly lambda: boolean;
  readonly qualifier?: string;
  readonly checks?: readonly string[];
  readonly locales?: readonly string[];
  readonly json?: string;
  readonly help: boolean;
}

export function createMain(testOptions: { retry?: RetryOptions; configDir?: string } = {}): Main {
  return async (argv, env, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const locales = args.locales ?? skillLocales(testOptions.configDir ?? CONFIG_DIR, io);
    const event = { diagnostics: 'doctor', ...(args.checks ? { checks: args.checks } : {}), ...(locales ? { locales } : {}) };
    const { report, where } = args.lambda
      ? await viaLambda(args, withDeploySettings(env, testOptions.configDir ?? CONFIG_DIR), io, event, testOptions.retry)
      : await locally(env, io, event);
    // A public repository's log is public: masks for every form of the address, and no values.
    const details = logShowsDetails(env);
    const forms = reportAddressForms(report, report.url ?? env.HOME_ASSISTANT_URL);
    maskAddress(env, io, forms);
    io.out(details ? formatDoctorText(report) : formatDoctorText(publicReport(report, forms), false));
    appendStepSummary(env, formatDoctorMarkdown(report, `Doctor (${where})`, summaryShowsDetails(env)));
    if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
    return report.ok ? 0 : 1;
  };
}

async function locally(env: NodeJS.ProcessEnv, io: Io, event: object): Promise<{ report: DoctorReport; where: string }> {
  if (!env.HOME_ASSISTANT_URL?.trim() && env.USE_PARAMETER_STORE !== 'true') {
    throw new ScriptError('HOME_ASSISTANT_URL is not set: set HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN to check your Home Assistant from here, or use --lambda to check it from the deployed function');
  }
  // The handler's own code, in this process; its log lines are not the doctor's output.
  const { route } = await import('../../src/gateway/route.js');
  const { setLogSink } = await import('../../src/logging/logger.js');
  const previous = setLogSink(() => undefined);
  try {
    const payload = await withProgress(io, 'Running the doctor here against HOME_ASSISTANT_URL', () => route(event));
    return { report: toDoctorReport(payload), where: 'local' };
  } finally {
    setLogSink(previous);
  }
}

async function viaLambda(args: DoctorArgs, env: NodeJS.ProcessEnv, io: Io, event: object, retry: RetryOptions | undefined): Promise<{ report: DoctorReport; where: string }> {
  const region = requireRegion(env);
  const functionName = requireFunctionName(env);
  const qualifier = args.qualifier ? checkQualifier(args.qualifier) : DIAGNOSTICS_ALIAS;
  const where = `${functionName}:${qualifier}`;
  try {
    const outcome = await withProgress(io, `Running the doctor inside ${where} (${region})`, () =>
      invokeJson({ lambda: createLambdaClient(region), io, ...(retry ? { retry } : {}) }, functionName, qualifier, event),
    );
    if (outcome.functionError !== undefined) {
      return { report: failedReport('answer', 'Doctor answer', describeFunctionError(outcome), 'Look at the function\'s CloudWatch log for this request, then deploy again.', 'crashed'), where };
    }
    const report = toDoctorReport(outcome.payload);
    // The Ingest URL line is checked from here: the function does not know its own URL.
    if (args.checks && !args.checks.includes(INGEST_CHECK.name)) return { report, where };
    return { report: withCheck(report, await checkIngestUrl({ lambda: createLambdaClient(region), ...(retry ? { retry } : {}) }, functionName)), where };
  } catch (error) {
    if (!(error instanceof ScriptError)) throw error;
    // The doctor could not even reach the function: that is a finding too (and the watchman's input).
    return {
      report: failedReport('invoke', 'Lambda invoke', error.message, `Check LAMBDA_FUNCTION_NAME and AWS_REGION, and that the role may call lambda:InvokeFunction on ${where} (the Doctor's role may invoke only the alias ${DIAGNOSTICS_ALIAS}, which the deploy creates beside live: if it is missing, rerun the bootstrap command, then the deploy; ${BOOTSTRAP_COMMAND_WHERE}).`, 'invoke_failed'),
      where,
    };
  }
}

/** The skill's locales from config/skill.yaml; without a valid file the function's ALEXA_LOCALE is used. */
function skillLocales(dir: string, io: Io): string[] | undefined {
  try {
    return loadSkillConfig(dir).locales;
  } catch (error) {
    io.err(`note: locales not read from ${dir}/skill.yaml (${error instanceof Error ? error.message : String(error)}); the region check uses the function's ALEXA_LOCALE`);
    return undefined;
  }
}

function list(value: string | undefined): string[] | undefined {
  const items = value?.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return items === undefined || items.length === 0 ? undefined : items;
}

function parseCliArgs(argv: readonly string[]): DoctorArgs {
  const values = parseOptions(argv, {
    lambda: { type: 'boolean', default: false },
    qualifier: { type: 'string' },
    checks: { type: 'string' },
    locales: { type: 'string' },
    json: { type: 'string' },
  }, USAGE);
  if (values.qualifier !== undefined && !values.lambda) throw new ScriptError(`--qualifier needs --lambda; ${USAGE}`);
  const checks = list(values.checks);
  const locales = list(values.locales);
  return {
    lambda: values.lambda,
    help: values.help,
    ...(values.qualifier ? { qualifier: values.qualifier } : {}),
    ...(checks ? { checks } : {}),
    ...(locales ? { locales } : {}),
    ...(values.json ? { json: values.json } : {}),
  };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('doctor', main);
}
