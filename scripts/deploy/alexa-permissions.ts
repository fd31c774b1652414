/**
 * npm run alexa-permissions -- [--dry-run] [--config-dir config]
 *
 * Lets exactly the skills in config/skill.yaml invoke the `live` alias. This script will:
 *   1. read smart_home_skill_id and custom_skill_id from config/skill.yaml;
 *   2. read the alias's resource policy (lambda:GetPolicy);
 *   3. print a plan: add / remove / unchanged for the statements it owns (IDs starting with
 *      deploy-alexa-), other statements listed and left alone;
 *   4. apply it (lambda:AddPermission with the skill ID as EventSourceToken, lambda:RemovePermission),
 *      unless --dry-run, and write the plan to the job summary.
 * An Alexa permission without a skill ID (no EventSourceToken, as the old guide added by hand) lets
 * any skill of its kind invoke the function, and with the stored token drive the house: it is removed
 * when config/skill.yaml has that skill's ID (a scoped permission replaces it); otherwise the run
 * fails, naming it, after applying the rest of the plan.
 * The deploy role may only add or remove permissions for the two Alexa principals
 * (config/aws/bootstrap.yaml), so a skill ID never needs another CloudShell run.
 */
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { awsCall, AwsCallError, type RetryOptions } from '../aws/aws-call.js';
import { createLambdaClient, requireRegion } from '../aws/aws-clients.js';
import { LIVE_ALIAS, requireFunctionName } from '../aws/lambda-target.js';
import { CONFIG_DIR, loadSkillConfig } from '../config/config-files.js';
import { withDeploySettings } from '../config/deploy-environment.js';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { appendStepSummary } from '../shared/step-summary.js';
import { ScriptError } from '../shared/errors.js';
import type { LambdaContext } from '../aws/lambda-invoke.js';
import {
  desiredPermissions,
  formatPermissionPlanMarkdown,
  formatPermissionPlanText,
  parsePolicy,
  permissionPlanHasChanges,
  planPermissions,
  type PermissionPlanEntry,
  type PolicyStatement,
  unscopedLeft,
} from './alexa-permission-plan.js';

const USAGE = 'usage: npm run alexa-permissions -- [--dry-run] [--config-dir <dir>]';

/** The alias's resource policy; a function or alias without one yet answers ResourceNotFoundException. */
export async function readAliasPolicy(context: LambdaContext, functionName: string, qualifier: string): Promise<PolicyStatement[]> {
  try {
    const answer = await awsCall(
      { action: 'lambda:GetPolicy', resource: `${functionName}:${qualifier}` },
      () => context.lambda.send(new GetPolicyCommand({ FunctionName: functionName, Qualifier: qualifier })),
      { io: context.io, ...(context.retry ? { retry: context.retry } : {}) },
    );
    return parsePolicy(answer.Policy);
  } catch (err) {
    if (err instanceof AwsCallError && err.code === 'ResourceNotFoundException' && /resource you requested does not exist/i.test(err.message)) return [];
    throw err;
  }
}

/** Removes, then adds, the plan's changes. */
export async function applyPermissionPlan(context: LambdaContext, functionName: string, qualifier: string, plan: readonly PermissionPlanEntry[]): Promise<void> {
  const options = { io: context.io, ...(context.retry ? { retry: context.retry } : {}) };
  for (const entry of plan.filter((item) => item.action === 'remove')) {
    await awsCall({ action: 'lambda:RemovePermission', resource: `${functionName}:${qualifier} ${entry.statementId}` }, () =>
      context.lambda.send(new RemovePermissionCommand({ FunctionName: functionName, Qualifier: qualifier, StatementId: entry.statementId })), options);
  }
  for (const entry of plan.filter((item) => item.action === 'add')) {
    await awsCall({ action: 'lambda:AddPermission', resource: `${functionName}:${qualifier} ${entry.statementId}` }, () =>
      context.lambda.send(
        new AddPermissionCommand({
          FunctionName: functionName,
          Qualifier: qualifier,
          StatementId: entry.statementId,
          Action: 'lambda:InvokeFunction',
          Principal: entry.principal,
          ...(entry.skillId ? { EventSourceToken: entry.skillId } : {}),
        }),
      ), options);
  }
}

export function createMain(testOptions: { retry?: RetryOptions } = {}): Main {
  return async (argv, processEnv, io) => {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.out(USAGE);
      return 0;
    }
    const skill = loadSkillConfig(args.configDir);
    const env = withDeploySettings(processEnv, args.configDir);
    const region = requireRegion(env);
    const functionName = requireFunctionName(env);
    const target = `${functionName}:${LIVE_ALIAS}`;
    const context: LambdaContext = { lambda: createLambdaClient(region), io, ...(testOptions.retry ? { retry: testOptions.retry } : {}) };

    const plan = planPermissions(await readAliasPolicy(context, functionName, LIVE_ALIAS), desiredPermissions(skill));
    for (const line of formatPermissionPlanText(plan, target)) io.out(line);
    appendStepSummary(env, formatPermissionPlanMarkdown(plan, target) + (args.dryRun ? '\n\nDry run: nothing changed.' : ''));
    const open = unscopedLeft(plan);
    const problem = open.length === 0 ? undefined :
      `${target} lets any skill invoke it: ${open.map((entry) => `${entry.statementId} (${entry.label}, ${entry.principal}, no skill ID)`).join(', ')}. ` +
      'Set the skill\'s ID in config/skill.yaml (smart_home_skill_id / custom_skill_id) and deploy again, so the deploy replaces it with a permission for that skill only, ' +
      `or remove it: aws lambda remove-permission --function-name ${functionName} --qualifier ${LIVE_ALIAS} --statement-id <id>`;
    if (args.dryRun || !permissionPlanHasChanges(plan)) {
      io.out(args.dryRun ? 'Dry run: nothing changed.' : 'Nothing to change.');
      if (problem !== undefined && !args.dryRun) throw new ScriptError(problem);
      if (problem !== undefined) io.err(`warning: ${problem}`);
      return 0;
    }
    await applyPermissionPlan(context, functionName, LIVE_ALIAS, plan);
    const count = (action: string) => plan.filter((entry) => entry.action === action).length;
    io.out(`Applied: ${count('add')} added, ${count('remove')} removed.`);
    if (problem !== undefined) throw new ScriptError(problem);
    return 0;
  };
}

function parseCliArgs(argv: readonly string[]) {
  const values = parseOptions(argv, {
    'dry-run': { type: 'boolean', default: false },
    'config-dir': { type: 'string', default: CONFIG_DIR },
  }, USAGE);
  return { dryRun: values['dry-run'], configDir: values['config-dir'], help: values.help };
}

export const main = createMain();

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('alexa-permissions', main);
}
