/**
 * npm run sync-parameters -- [--dry-run] [--prune] [--config-dir config]
 *
 * Writes the Lambda's settings from config/ (and the HA_TOKEN / HA_URL secrets) to Parameter Store
 * under PARAMETER_PREFIX (config/deploy.yaml parameter_prefix unless set). This script will:
 *   1. read and validate config/parameters.yaml and config/skill.yaml;
 *   2. list what exists under the prefix (GetParametersByPath, paged);
 *   3. print a plan: create / update / unchanged / delete (with --prune), secrets masked;
 *   4. apply only the changes (PutParameter with Overwrite, DeleteParameters), unless --dry-run;
 *   5. write the plan to the GitHub job summary when run in a workflow.
 * Every setting, the token included, goes to a set `<prefix>/settings/<id>/`, which no running
 * version reads: deploy-lambda publishes a version with PARAMETER_SET=<id>, so new settings and a new
 * token go live only with a version that passed its smoke test, and a rollback brings the old ones
 * back. The ID is an HMAC of the set's content with a random key made on the first run
 * (`<prefix>/deploy/id-key`), so the ID printed in the log reveals nothing about HA_URL or the token.
 * The events secrets (HA_EVENTS_SECRET, ALEXA_EVENTS_CLIENT_ID, ALEXA_EVENTS_CLIENT_SECRET) join the
 * set like the token. Sets of other versions, the settings the old guide wrote under the prefix itself
 * (the shared token among them), the function's Alexa grant and the Skills workflow's refresh token
 * are kept, even with --prune (versions deployed before PARAMETER_SET, or before
 * the token moved into the set, and hand-made setups read them).
 * A second run with nothing changed writes nothing.
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { AlexaRegion } from '../config/regions.js';
import { requireRegion, createSsmClient } from '../aws/aws-clients.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { CONFIG_DIR, loadAll, loadParametersConfig, loadSkillConfig } from '../config/config-files.js';
import { buildDesiredParameters, ID_KEY_NAME, idKeyParameter, newIdKey, PARAMETER_NAMES, RUNTIME_PARAMETER_NAMES, SETTINGS_SEGMENT, versionParameters } from './desired-parameters.js';
import { ScriptError } from '../shared/errors.js';
import type { RetryOptions } from '../aws/aws-call.js';
import { formatPlanMarkdown, formatPlanText } from './parameter-plan-format.js';
import { resolveParameterPrefix } from '../aws/parameter-prefix.js';
import { applyPlan, comparePlan, listParameters, planHasChanges } from './parameter-sync.js';
import { assertRegionServesLocales } from '../config/regions.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { withStackRegionCheck } from './stack-region.js';
import { addressForms, maskAddress } from '../shared/address-masks.js';
import { appendStepSummary, logShowsDetails, summaryShowsDetails } from '../shared/step-summary.js';

const USAGE = 'usage: npm run sync-parameters -- [--dry-run] [--prune] [--config-dir <dir>]';

/** Options tests use to keep retries fast. */
export interface SyncTestOptions {
  retry?: RetryOptions;
  /** The Parameter Store of another Alexa region, where the stack may be instead (default: the SDK's). */
  ssmFor?: (region: AlexaRegion) => Pick<SSMClient, 'send'>;
}

export function createMain(testOptions: SyncTestOptions = {}): Main {
  return async (argv, processEnv, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const [parameters, skill] = loadAll([() => loadParametersConfig(args.configDir), () => loadSkillConfig(args.configDir)] as const);
    const env = withDeploySettings(processEnv, args.configDir);
    const prefix = resolveParameterPrefix(env);
    const region = requireRegion(env);
    const wanted = buildDesiredParameters({ prefix, parameters, skill, env });
    assertRegionServesLocales(region, skill.locales);

    const tokenName = `${prefix}/${PARAMETER_NAMES.token}`;
    const context = { ssm: createSsmClient(region), io, ...(testOptions.retry ? { retry: testOptions.retry } : {}) };
    io.out(`Reading parameters under ${prefix} in ${region}…`);
    // Refused here but allowed in another Alexa region: the stack is there, and the error says how to move it.
    const existing = await withStackRegionCheck(() => listParameters(context, prefix), {
      prefix,
      region,
      language: skill.locales[0] ?? '',
      ssmFor: testOptions.ssmFor ?? createSsmClient,
    });
    const storedKey = existing.find((parameter) => parameter.name === `${prefix}/${ID_KEY_NAME}`)?.value;
    const idKey = storedKey || newIdKey();
    const { setId, setPath, parameters: settings, hasToken } = versionParameters(prefix, wanted, idKey);
    const desired = [idKeyParameter(prefix, idKey), ...settings];
    const legacy = new Set(Object.values(PARAMETER_NAMES).map((name) => `${prefix}/${name}`));
    const keep = (name: string): string | undefined => {
      if (name === tokenName) return 'read by versions deployed before the token moved into their settings set';
      if (name === `${prefix}/${RUNTIME_PARAMETER_NAMES.eventsGrant}`) return 'the Alexa grant the function keeps (AcceptGrant)';
      if (name === `${prefix}/${RUNTIME_PARAMETER_NAMES.skillsRefreshToken}`) return 'the Skills workflow\'s Login with Amazon refresh token';
      if (name.startsWith(`${prefix}/${SETTINGS_SEGMENT}/`) && !name.startsWith(`${setPath}/`)) return 'settings of another version';
      if (legacy.has(name)) return 'read only by versions deployed without PARAMETER_SET';
      return undefined;
    };
    const plan = comparePlan(prefix, desired, existing, { prune: args.prune, keep });
    // A public repository's log is public: masks for the address (HA_URL as given, the URL written
    // and the one it replaces, in every form), and no values in the plan.
    const urls = [env.HA_URL, ...plan.entries.filter((entry) => entry.name.endsWith(`/${PARAMETER_NAMES.url}`)).flatMap((entry) => [entry.before, entry.after])];
    maskAddress(env, io, urls.flatMap((url) => addressForms(url)));
    for (const line of formatPlanText(plan, logShowsDetails(env))) io.out(line);
    io.out(`These settings are the settings set ${setId} (${setPath}); they go live with the next version deploy-lambda smoke-tests.`);
    if (!storedKey && args.dryRun) io.out(`${prefix}/${ID_KEY_NAME} does not exist yet: the set ID above is provisional (the first sync makes the key).`);

    if (!hasToken && !existing.some((parameter) => parameter.name === tokenName)) {
      const problem = `HA_TOKEN is not set and ${tokenName} does not exist: the Lambda has no Home Assistant token. Set the HA_TOKEN secret (gh secret set HA_TOKEN --env production)`;
      if (!args.dryRun) throw new ScriptError(problem);
      io.err(`warning: ${problem}`);
    }

    const accessName = `${prefix}/${PARAMETER_NAMES.cfAccessClientSecret}`;
    const accessIdSet = wanted.some((parameter) => parameter.name === `${prefix}/${PARAMETER_NAMES.cfAccessClientId}`);
    const accessSecretSet = wanted.some((parameter) => parameter.name === accessName) || existing.some((parameter) => parameter.name === accessName);
    if (accessIdSet && !accessSecretSet) {
      const problem = `homeassistant.cf_access_client_id is set but HA_CF_ACCESS_CLIENT_SECRET is not, and ${accessName} does not exist: Cloudflare Access would turn the Lambda away. Set the HA_CF_ACCESS_CLIENT_SECRET secret (gh secret set HA_CF_ACCESS_CLIENT_SECRET --env production)`;
      if (!args.dryRun) throw new ScriptError(problem);
      io.err(`warning: ${problem}`);
    }

    const title = `Parameter Store sync (${prefix}, ${region})${args.dryRun ? ' — dry run' : ''}`;
    if (args.dryRun) {
      appendStepSummary(env, formatPlanMarkdown(plan, title, summaryShowsDetails(env)));
      io.out('Dry run: nothing written.');
      return 0;
    }
    if (!planHasChanges(plan)) {
      appendStepSummary(env, formatPlanMarkdown(plan, title, summaryShowsDetails(env)));
      io.out('Nothing to change.');
      return 0;
    }
    const result = await applyPlan(context, plan);
    appendStepSummary(env, formatPlanMarkdown(plan, title, summaryShowsDetails(env)));
    io.out(`Applied: ${result.created} created, ${result.updated} updated, ${result.deleted} deleted.`);
    return 0;
  };
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    'dry-run': { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
    'config-dir': { type: 'string', default: CONFIG_DIR },
  }, USAGE);
  return { dryRun: values['dry-run'], prune: values.prune, configDir: values['config-dir'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('sync-parameters', main);
}
