/**
 * npm run deploy-settings -- [--require-configured] [--config-dir config]
 *
 * Tells the workflows where to deploy, from config/deploy.yaml. This script will:
 *   1. read and validate config/deploy.yaml (and check its region against config/skill.yaml when
 *      the fork is configured);
 *   2. write `configured`, `account_id`, `region`, `function_name`, `role_arn` and
 *      `discovery_role_arn` to GITHUB_OUTPUT (the role ARNs derived from account_id), and print them.
 *      The deploy job runs this on its own checkout and gives configure-aws-credentials the role,
 *      the region and `allowed-account-ids: account_id`, so nothing another job wrote chooses where
 *      the keys go.
 * With --require-configured (the Discovery test and Rollback workflows), a missing account_id is an
 * error. Nothing here is secret: the account ID is not a credential.
 */
import { BOOTSTRAP_COMMAND_WHERE } from '../config/bootstrap-command-hint.js';
import { appendFileSync } from 'node:fs';
import { CONFIG_DIR, loadSkillConfig } from '../config/config-files.js';
import { deployRoleArn, discoveryRoleArn, loadDeployConfig, type DeployConfig } from '../config/deploy-config.js';
import { assertRegionServesLocales } from '../config/regions.js';
import { isDirectRun, type Main, parseOptions, runCli, syncMain } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';

const USAGE = 'usage: npm run deploy-settings -- [--require-configured] [--config-dir <dir>]';

/** The workflow outputs for a deploy config; empty ARNs while unconfigured. */
export function deploySettingsOutputs(config: DeployConfig): Record<string, string> {
  return {
    configured: config.accountId ? 'true' : 'false',
    account_id: config.accountId ?? '',
    region: config.region,
    function_name: config.functionName,
    role_arn: deployRoleArn(config) ?? '',
    discovery_role_arn: discoveryRoleArn(config) ?? '',
  };
}

export function createMain(): Main {
  return syncMain((argv, env, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const config = loadDeployConfig(args.configDir);
    if (args.requireConfigured && !config.accountId) {
      throw new ScriptError(
        `${config.file} account_id: is not set, so there is no function to use: not set up yet (run the bootstrap command first, ${BOOTSTRAP_COMMAND_WHERE}, and paste the account_id line it prints), or torn down (SETUP.md#teardown: nothing left to test or roll back)`,
      );
    }
    if (config.accountId) assertRegionServesLocales(config.region, loadSkillConfig(args.configDir).locales);
    const outputs = deploySettingsOutputs(config);
    const lines = Object.entries(outputs).map(([key, value]) => `${key}=${value}`);
    for (const line of lines) io.out(line);
    if (!config.accountId) io.out(`${config.file} has no account_id yet: the Deploy workflow shows the bootstrap command instead of deploying.`);
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
    return 0;
  });
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    'require-configured': { type: 'boolean', default: false },
    'config-dir': { type: 'string', default: CONFIG_DIR },
  }, USAGE);
  return { requireConfigured: values['require-configured'], configDir: values['config-dir'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('deploy-settings', main);
}
