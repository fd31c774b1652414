/**
 * npm run events-sheet -- [--config-dir config]
 *
 * The Home Assistant side of Alexa events in one paste (README "Alexa events"), for the Deploy
 * summary. This script will:
 *   1. read config/function.yaml: with `ALEXA_EVENTS` other than `on` it says so and writes nothing;
 *   2. read the Function URL of the `live` alias (lambda:GetFunctionUrlConfig, which the bootstrap
 *      stack grants with AlexaEvents=on);
 *   3. without one, write the CloudShell command that updates the stack with AlexaEvents=on;
 *   4. with one, write the `rest_command` block for configuration.yaml (the URL filled in; left out in
 *      a public repository, whose summaries anyone can read), the `secrets.yaml` line and the
 *      blueprint's import link.
 * The HA_EVENTS_SECRET value itself is never printed: you made it, and only its place is shown.
 *
 * @see https://www.home-assistant.io/integrations/rest_command/
 * @see https://www.home-assistant.io/docs/blueprint/
 */
import { GetFunctionUrlConfigCommand } from '@aws-sdk/client-lambda';
import { createLambdaClient } from '../aws/aws-clients.js';
import { awsCall, AwsCallError, type RetryOptions } from '../aws/aws-call.js';
import { LIVE_ALIAS } from '../aws/lambda-target.js';
import { CONFIG_DIR, loadAll } from '../config/config-files.js';
import { loadDeployConfig } from '../config/deploy-config.js';
import { loadFunctionConfig } from '../config/function-config.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { appendStepSummary, summaryShowsDetails } from '../shared/step-summary.js';
import { bootstrapCommand, cloudShellUrl, type Repository } from './bootstrap-script.js';
import { DEFAULT_TEMPLATE, readTemplate, repositoryFromEnv } from './setup-summary.js';

const USAGE = 'usage: npm run events-sheet -- [--config-dir <dir>] [--template <file>]';

/** Where the function takes Home Assistant's pokes, under the Function URL. */
export const INGEST_PATH = '/v1/ha/push';
/** The blueprint in this repository (imported into Home Assistant with one link). */
export const BLUEPRINT_PATH = 'home-assistant/blueprints/automation/alexa_bridge/report.yaml';
/** The `secrets.yaml` key the rest_command's Authorization header reads. */
export const HA_SECRET_KEY = 'alexa_bridge_auth';
/** What a public repository's summary shows instead of the Function URL. */
export const URL_PLACEHOLDER = 'https://<url-id>.lambda-url.<region>.on.aws/';

/** The block for Home Assistant's configuration.yaml: one `rest_command` the blueprint calls. */
export function restCommandYaml(functionUrl: string): string {
  const url = `${functionUrl.replace(/\/+$/, '')}${INGEST_PATH}`;
  return [
    'rest_command:',
    '  alexa_bridge:',
    `    url: "${url}"`,
    '    method: POST',
    '    headers:',
    `      Authorization: !secret ${HA_SECRET_KEY}`,
    '    content_type: "application/json"',
    "    payload: \"{{ {'v': 1, 'kind': kind, 'entity_id': entity_id, 'by_user': by_user, 'by_rule': by_rule} | tojson }}\"",
    '    timeout: 10',
  ].join('\n');
}

/** The line for Home Assistant's secrets.yaml, with a placeholder where the secret goes. */
export function secretsLine(): string {
  return `${HA_SECRET_KEY}: "Bearer <the value of your HA_EVENTS_SECRET secret>"`;
}

/** Home Assistant's My link that imports the blueprint from this repository's main branch. */
export function blueprintImportLink(repository: Pick<Repository, 'owner' | 'name'>): string {
  const source = `https://github.com/${repository.owner}/${repository.name}/blob/main/${BLUEPRINT_PATH}`;
  return `https://my.home-assistant.io/redirect/blueprint_import/?blueprint_url=${encodeURIComponent(source)}`;
}

export interface EventsSheetInput {
  /** The Function URL of `live`; undefined to show the placeholder (a public repository). */
  functionUrl?: string;
  repository?: Pick<Repository, 'owner' | 'name'>;
  /** A private repository: Home Assistant cannot fetch the blueprint from it, so the file is copied instead. */
  privateRepository: boolean;
}

/** The summary section: three pastes and one import, in the order SETUP.md counts them. */
export function formatEventsSheetMarkdown(input: EventsSheetInput): string {
  const url = input.functionUrl ?? URL_PLACEHOLDER;
  const blueprint = input.privateRepository || !input.repository
    ? `Copy \`${BLUEPRINT_PATH}\` from this repository to \`blueprints/automation/alexa_bridge/report.yaml\` in Home Assistant's configuration folder ` +
      '(Home Assistant cannot fetch it from a private repository), then **Settings → Automations & scenes → Blueprints → ⋮ → Reload blueprints**'
    : `[Import the blueprint](${blueprintImportLink(input.repository)})`;
  return [
    '### Alexa events: the Home Assistant side',
    '',
    '1. Add this to `configuration.yaml`:',
    '',
    '```yaml',
    restCommandYaml(url),
    '```',
    '',
    ...(input.functionUrl
      ? []
      : ['   _This repository is public, so anyone can read this summary: the Function URL is left out. It is the `EventsUrl` output of the bootstrap stack, or run `npm run events-sheet` on your computer._', '']),
    '2. Add this line to `secrets.yaml`, with the secret you stored as `HA_EVENTS_SECRET` after `Bearer `:',
    '',
    '```yaml',
    secretsLine(),
    '```',
    '',
    '3. Restart Home Assistant (a `rest_command` is read at start).',
    `4. ${blueprint}, and create one automation from it (it has no inputs).`,
  ].join('\n');
}

/** The section when the stack has no Function URL yet: the command that adds it. */
export function formatStackUpdateMarkdown(command: string | undefined, reason: string, cloudShell: string): string {
  return [
    '### Alexa events: the bootstrap stack needs AlexaEvents=on',
    '',
    `\`ALEXA_EVENTS\` is \`on\` in \`config/function.yaml\`, but ${reason}. Run this in [AWS CloudShell](${cloudShell}) (it updates the stack: the URL, its permissions and the function's right to keep its grant), then run the Deploy workflow again:`,
    '',
    ...(command ? ['```bash', command, '```'] : ['Run `npm run events-sheet` in GitHub Actions (it needs the repository\'s IDs) or add `AlexaEvents=on` to the bootstrap command you ran.']),
  ].join('\n');
}

/** The Function URL of `live`, or undefined when there is none (or this role may not read it). */
export async function readFunctionUrl(
  context: { lambda: ReturnType<typeof createLambdaClient>; retry?: RetryOptions },
  functionName: string,
): Promise<{ url?: string; reason?: string }> {
  try {
    const answer = await awsCall(
      { action: 'lambda:GetFunctionUrlConfig', resource: `${functionName}:${LIVE_ALIAS}` },
      () => context.lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName, Qualifier: LIVE_ALIAS })),
      context.retry ? { retry: context.retry } : {},
    );
    return answer.FunctionUrl ? { url: answer.FunctionUrl } : { reason: `the \`${LIVE_ALIAS}\` alias has no Function URL` };
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'ResourceNotFoundException') return { reason: `the \`${LIVE_ALIAS}\` alias has no Function URL` };
    // The deploy role gets lambda:GetFunctionUrlConfig from the same stack update that adds the URL.
    if (err instanceof AwsCallError && err.code === 'AccessDeniedException') return { reason: 'the deploy role may not read the Function URL (the stack was created without AlexaEvents=on)' };
    throw err;
  }
}

export function createMain(testOptions: { retry?: RetryOptions } = {}): Main {
  return async (argv, env, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const [deploy, functionConfig] = loadAll([() => loadDeployConfig(args.configDir), () => loadFunctionConfig(args.configDir)] as const);
    if (functionConfig.environment.ALEXA_EVENTS?.toLowerCase() !== 'on') {
      io.out(`Alexa events are off (ALEXA_EVENTS in ${functionConfig.file}): nothing to set up in Home Assistant.`);
      return 0;
    }
    const functionName = env.LAMBDA_FUNCTION_NAME?.trim() || deploy.functionName;
    const lambda = createLambdaClient(deploy.region);
    const found = await readFunctionUrl({ lambda, ...(testOptions.retry ? { retry: testOptions.retry } : {}) }, functionName);
    const repository = tryRepository(env);
    if (!found.url) {
      const command = repository ? bootstrapCommand({ repository, deploy, template: readTemplate(args.template), alexaEvents: true }) : undefined;
      io.out(`Alexa events: ${found.reason ?? 'no Function URL'}. Update the bootstrap stack with AlexaEvents=on${command ? ':' : '.'}`);
      if (command) io.out(command);
      appendStepSummary(env, formatStackUpdateMarkdown(command, found.reason ?? 'there is no Function URL', cloudShellUrl(deploy.region)));
      return 0;
    }
    // A public repository's log and summary are public; on your computer (no GITHUB_ACTIONS) they are yours.
    const hidden = env.GITHUB_ACTIONS === 'true' && !summaryShowsDetails(env);
    const input: EventsSheetInput = {
      ...(hidden ? {} : { functionUrl: found.url }),
      ...(repository ? { repository } : {}),
      privateRepository: summaryShowsDetails(env),
    };
    io.out(formatEventsSheetMarkdown(input));
    appendStepSummary(env, formatEventsSheetMarkdown(input));
    return 0;
  };
}

function tryRepository(env: NodeJS.ProcessEnv): Repository | undefined {
  try {
    return repositoryFromEnv(env);
  } catch {
    return undefined;
  }
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    'config-dir': { type: 'string', default: CONFIG_DIR },
    template: { type: 'string', default: DEFAULT_TEMPLATE },
  }, USAGE);
  return { configDir: values['config-dir'], template: values.template, help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('events-sheet', main);
}
