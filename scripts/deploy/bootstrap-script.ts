/**
 * The bootstrap command: one line to paste into AWS CloudShell that unpacks a small bash script
 * (config/aws/bootstrap.yaml inside it) and runs it. The script will:
 *   1. use CloudShell's own region (AWS_REGION), refusing a region Alexa never calls;
 *   2. delete a stack a failed first attempt left behind (ROLLBACK_COMPLETE and the other
 *      failed-create states cannot be updated), after printing why that attempt failed;
 *   3. reuse the account's GitHub OIDC provider when it has one (one per account), or keep what the
 *      existing stack decided, so nobody types CreateOidcProvider;
 *   4. create or update the stack and wait (an unchanged stack is a success: running it twice is safe);
 *   5. on failure, print the stack's failed events as one list; on success, end with the exact
 *      line for config/deploy.yaml: account_id: "123456789012".
 * Every value is checked to be shell-safe before it gets here (repositoryFromEnv, the deploy.yaml
 * schema), so nothing needs quoting.
 *
 * @see https://docs.aws.amazon.com/cli/latest/reference/cloudformation/deploy/ (--no-fail-on-empty-changeset)
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/troubleshooting.html (delete a stack in ROLLBACK_COMPLETE)
 */
import { gzipSync } from 'node:zlib';
import { loadFunctionConfig } from '../config/function-config.js';
import { ALEXA_REGIONS, type AlexaRegion } from '../config/regions.js';

/** The bootstrap stack's name (SETUP.md has always used it; keep it so a rerun updates the same stack). */
export const STACK_NAME = 'ha-alexa';
/** What the command writes in CloudShell's home directory. */
export const SCRIPT_FILE = 'ha-alexa-bootstrap.sh';
export const TEMPLATE_FILE = 'ha-alexa-bootstrap.yaml';
/** The heredoc delimiter the template travels in; a template line equal to it would end it early. */
const TEMPLATE_END = 'HA_ALEXA_BOOTSTRAP_TEMPLATE_END';

/** The repository as the OIDC subject names it: repo:OWNER@OWNER_ID/REPO@REPO_ID. */
export interface Repository {
  owner: string;
  ownerId: string;
  name: string;
  id: string;
}

export interface BootstrapInput {
  repository: Repository;
  deploy: { functionName: string; parameterPrefix: string };
  /** The text of config/aws/bootstrap.yaml. */
  template: string;
  /** Adds `AlexaEvents=on` (config/function.yaml has `ALEXA_EVENTS: on`): the Function URL and the grant's permissions. */
  alexaEvents?: boolean;
}

/** Whether config/function.yaml switches Alexa events on (a file that does not load: no). */
export function alexaEventsWanted(configDir: string): boolean {
  try {
    return loadFunctionConfig(configDir).environment.ALEXA_EVENTS?.toLowerCase() === 'on';
  } catch {
    return false;
  }
}

/** The AWS CloudShell console, opened in `region`. */
export function cloudShellUrl(region: AlexaRegion): string {
  return `https://${region}.console.aws.amazon.com/cloudshell/home?region=${region}`;
}

/** `us-east-1` → `North America: en-US, en-CA, …`. */
export function regionLanguages(region: AlexaRegion): string {
  return `${ALEXA_REGIONS[region].name}: ${ALEXA_REGIONS[region].locales.join(', ')}`;
}

/** The bash script the command runs in CloudShell. */
export function bootstrapScript(input: BootstrapInput): string {
  if (input.template.split('\n').includes(TEMPLATE_END)) throw new Error(`the bootstrap template must not contain a line ${TEMPLATE_END}`);
  const { repository: repo, deploy } = input;
  const overrides = [
    `GitHubOwner=${repo.owner}`,
    `GitHubOwnerId=${repo.ownerId}`,
    `GitHubRepo=${repo.name}`,
    `GitHubRepoId=${repo.id}`,
    `FunctionName=${deploy.functionName}`,
    `ParameterPrefix=${deploy.parameterPrefix}`,
    ...(input.alexaEvents ? ['AlexaEvents=on'] : []),
  ].join(' ');
  const regionCases = (Object.keys(ALEXA_REGIONS) as AlexaRegion[]).map((region) => `  ${region}) SERVES='${regionLanguages(region)}' ;;`);
  const everywhere = (Object.keys(ALEXA_REGIONS) as AlexaRegion[]).map((region) => `${region} (${ALEXA_REGIONS[region].name})`).join(', ');
  return `#!/usr/bin/env bash
# The bootstrap of ${repo.owner}/${repo.name}: creates or updates the CloudFormation stack ${STACK_NAME}
# (config/aws/bootstrap.yaml) in this CloudShell's region. Safe to run again.
set -uo pipefail
STACK=${STACK_NAME}
REGION="\${AWS_REGION:-\${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null)}}"
say() { printf '%s\\n' "$*"; }
fail() { printf 'ha-alexa bootstrap: %s\\n' "$*" >&2; exit 1; }
case "$REGION" in
${regionCases.join('\n')}
  *) fail "CloudShell is in \${REGION:-no region}, but Alexa calls Lambdas only in ${everywhere}. Open CloudShell from the link for your language in the Deploy run's summary, and paste the command again." ;;
esac

cat > ${TEMPLATE_FILE} <<'${TEMPLATE_END}'
${input.template.replace(/\n$/, '')}
${TEMPLATE_END}

# The failed events of the stack, newest first, one line each (the cancellations they caused left out).
failures() {
  aws cloudformation describe-stack-events --region "$REGION" --stack-name "$STACK" --max-items 60 \\
    --query "StackEvents[?contains(ResourceStatus, 'FAILED') && ResourceStatusReason].[LogicalResourceId, ResourceStatus, ResourceStatusReason]" \\
    --output text 2>/dev/null | awk -F '\\t' '$3 != "Resource creation cancelled" && !seen[$0]++ { printf "  - %s (%s): %s\\n", $1, $2, $3 }'
}
stack_value() {
  aws cloudformation describe-stacks --region "$REGION" --stack-name "$STACK" --query "$1" --output text 2>/dev/null
}

say "Setting up the stack $STACK in $REGION ($SERVES) for ${repo.owner}/${repo.name}…"
STATUS=$(stack_value 'Stacks[0].StackStatus') || STATUS=NONE
case "$STATUS" in
  ROLLBACK_COMPLETE|ROLLBACK_FAILED|CREATE_FAILED|REVIEW_IN_PROGRESS)
    say "An earlier attempt left the stack in $STATUS, which cannot be updated. It failed because:"
    failures
    say "Deleting that stack (nothing in it is in use) and creating it again…"
    aws cloudformation delete-stack --region "$REGION" --stack-name "$STACK" \\
      && aws cloudformation wait stack-delete-complete --region "$REGION" --stack-name "$STACK" \\
      || fail "could not delete the failed stack $STACK in $REGION: delete it in the CloudFormation console (Stacks → $STACK → Delete), then paste the command again"
    STATUS=NONE ;;
  UPDATE_ROLLBACK_FAILED)
    fail "the stack $STACK is in UPDATE_ROLLBACK_FAILED: in the CloudFormation console, Stacks → $STACK → Stack actions → Continue update rollback, then paste the command again" ;;
  *_IN_PROGRESS)
    fail "the stack $STACK is busy ($STATUS): wait until the CloudFormation console shows it finished, then paste the command again" ;;
esac

if [ "$STATUS" = NONE ]; then
  PROVIDERS=$(aws iam list-open-id-connect-providers --query 'OpenIDConnectProviderList[].Arn' --output text) \\
    || fail "could not list the account's OIDC providers (iam:ListOpenIDConnectProviders): sign in to the console as a user allowed to create IAM roles"
  if printf '%s\\n' $PROVIDERS | grep -q '/token\\.actions\\.githubusercontent\\.com$'; then
    OIDC=false
    say "This account already has GitHub's OIDC provider: the stack reuses it."
  else
    OIDC=true
  fi
else
  # An existing stack keeps its choice: flipping it would delete the provider it created, or create a second one.
  OIDC=$(stack_value "Stacks[0].Parameters[?ParameterKey=='CreateOidcProvider'].ParameterValue")
  [ "$OIDC" = false ] || OIDC=true
fi

if ! aws cloudformation deploy --region "$REGION" --stack-name "$STACK" --template-file ${TEMPLATE_FILE} \\
  --capabilities CAPABILITY_NAMED_IAM --no-fail-on-empty-changeset \\
  --parameter-overrides ${overrides} CreateOidcProvider=$OIDC; then
  say ""
  say "The stack $STACK failed in $REGION. What CloudFormation says:"
  LIST=$(failures)
  if [ -n "$LIST" ]; then say "$LIST"; else say "  (no failed resources: the reason is in the message above)"; fi
  if printf '%s' "$LIST" | grep -q 'already exists'; then
    say "Something of the same name is left from an earlier setup: delete it, or choose another function_name in config/deploy.yaml (the command changes with it)."
  fi
  fail "fix the cause, then paste the same command again: it cleans up a failed first attempt by itself"
fi

ACCOUNT=$(stack_value "Stacks[0].Outputs[?OutputKey=='AccountId'].OutputValue")
aws cloudformation describe-stacks --region "$REGION" --stack-name "$STACK" --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output table
say ""
say "Done: the stack $STACK is ready in $REGION. Paste this line into config/deploy.yaml, in place of account_id: \\"\\":"
say ""
say "account_id: \\"$ACCOUNT\\""
say ""
say "Set language there to yours; this region serves $SERVES."
`;
}

/** The script, gzipped and base64-encoded, to travel inside the command. */
export function packScript(script: string): string {
  return gzipSync(Buffer.from(script, 'utf8'), { level: 9 }).toString('base64');
}

/**
 * The one line to paste into AWS CloudShell: unpack the script (the template inside it) and run it.
 * It names no region: the script uses CloudShell's, so the same line works in each Alexa region.
 */
export function bootstrapCommand(input: BootstrapInput): string {
  return `echo '${packScript(bootstrapScript(input))}' | base64 -d | gunzip > ${SCRIPT_FILE} && bash ${SCRIPT_FILE}`;
}
