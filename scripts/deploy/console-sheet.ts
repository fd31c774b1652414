/**
 * npm run console-sheet -- [--config-dir config]
 *
 * Ends the Deploy job summary with the "Alexa console sheet": what to paste into the Alexa
 * developer console, for this region and Home Assistant address. This script will:
 *   1. read config/deploy.yaml (region, account, function) and config/parameters.yaml (the URL;
 *      the HA_URL secret wins and is then not printed);
 *   2. print the endpoint ARN (the `live` alias) and the seven account-linking values (in a public
 *      repository's workflow run, whose log and summary anyone can read, without the address);
 *   3. append them to the job summary.
 *
 * @see https://www.home-assistant.io/integrations/alexa.smart_home/#account-linking
 */
import { BOOTSTRAP_COMMAND_WHERE } from '../config/bootstrap-command-hint.js';
import { LIVE_ALIAS } from '../aws/lambda-target.js';
import { CONFIG_DIR, loadAll, loadParametersConfig } from '../config/config-files.js';
import { loadDeployConfig } from '../config/deploy-config.js';
import { ALEXA_REGIONS, type AlexaRegion } from '../config/regions.js';
import { isDirectRun, type Main, parseOptions, runCli, syncMain } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import { formatMarkdownTable, formatTextTable } from '../shared/table.js';
import { appendStepSummary, summaryShowsDetails } from '../shared/step-summary.js';

const USAGE = 'usage: npm run console-sheet -- [--config-dir <dir>]';

export interface ConsoleSheetInput {
  region: AlexaRegion;
  accountId: string;
  functionName: string;
  /** The Home Assistant address; undefined when it comes from the HA_URL secret (not shown). */
  haUrl?: string;
  /** A public repository's workflow run: anyone can read it, so the address is left out. */
  addressHidden?: boolean;
}

/** What a public repository's sheet says instead of the address. */
export const ADDRESS_HIDDEN =
  '_This repository is public, so anyone can read this summary: the Home Assistant address is left out. ' +
  'Put yours in its place, or run `npm run console-sheet` on your computer for the full sheet._';

/** `arn:aws:lambda:<region>:<account>:function:<name>:live`: the skill's Default endpoint. */
export function endpointArn(input: Pick<ConsoleSheetInput, 'region' | 'accountId' | 'functionName'>): string {
  return `arn:aws:lambda:${input.region}:${input.accountId}:function:${input.functionName}:${LIVE_ALIAS}`;
}

/** The rows of the sheet: [console field, value]. */
export function consoleSheetRows(input: ConsoleSheetInput): [string, string][] {
  const ha = input.addressHidden ? 'https://<your Home Assistant address>' : (input.haUrl ?? 'https://<the address in your HA_URL secret>');
  return [
    ['Default endpoint (Smart Home; Custom skill: AWS Lambda ARN)', endpointArn(input)],
    ['Authorization grant type', 'Auth Code Grant'],
    ['Your Web Authorization URI', `${ha}/auth/authorize`],
    ['Access Token URI', `${ha}/auth/token`],
    [`Your Client ID (${ALEXA_REGIONS[input.region].name})`, ALEXA_REGIONS[input.region].linkingClientId],
    ['Your Secret', 'anything non-empty (Home Assistant does not check it)'],
    ['Your Authentication Scheme', 'Credentials in request body'],
    ['Scope', 'smart_home'],
  ];
}

/** The sheet as a job-summary section, values in code spans so they copy cleanly. */
export function formatConsoleSheetMarkdown(input: ConsoleSheetInput): string {
  const literal = new Set(['Authorization grant type', 'Your Authentication Scheme']);
  const rows = consoleSheetRows(input).map(([field, value]) => [field, literal.has(field) || value.startsWith('anything') ? value : `\`${value}\``]);
  return [
    '### Alexa console sheet',
    '',
    `Paste these into the [Alexa developer console](https://developer.amazon.com/alexa/console/ask): the endpoint under **Smart Home → Default endpoint** ` +
      `(and **Endpoint → AWS Lambda ARN** of the Custom skill), the rest under **Account linking**.`,
    '',
    formatMarkdownTable(['console field', 'value'], rows),
    ...(input.addressHidden ? ['', ADDRESS_HIDDEN] : []),
  ].join('\n');
}

export function createMain(): Main {
  return syncMain((argv, env, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const [deploy, parameters] = loadAll([() => loadDeployConfig(args.configDir), () => loadParametersConfig(args.configDir)] as const);
    if (!deploy.accountId) throw new ScriptError(`${deploy.file} account_id: is not set yet, so the endpoint ARN is unknown: run the bootstrap command first (${BOOTSTRAP_COMMAND_WHERE})`);
    const fromSecret = Boolean(env.HA_URL?.trim());
    const input: ConsoleSheetInput = {
      region: deploy.region,
      accountId: deploy.accountId,
      functionName: env.LAMBDA_FUNCTION_NAME?.trim() || deploy.functionName,
      ...(!fromSecret && parameters.homeassistant.url ? { haUrl: parameters.homeassistant.url } : {}),
      // Logs and summaries of a public repository's runs are public; a local run shows everything.
      addressHidden: env.GITHUB_ACTIONS === 'true' && !summaryShowsDetails(env),
    };
    io.out('Alexa console sheet:');
    io.out(formatTextTable(['console field', 'value'], consoleSheetRows(input)));
    appendStepSummary(env, formatConsoleSheetMarkdown(input));
    return 0;
  });
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, { 'config-dir': { type: 'string', default: CONFIG_DIR } }, USAGE);
  return { configDir: values['config-dir'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('console-sheet', main);
}
