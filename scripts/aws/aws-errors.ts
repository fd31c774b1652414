/**
 * Turns AWS SDK errors into one actionable line: which action was refused on which resource,
 * and what to check. Nothing here prints request bodies, so secrets never reach the output.
 */
import { BOOTSTRAP_COMMAND_WHERE } from '../config/bootstrap-command-hint.js';

/** Error codes AWS uses when it asks the caller to slow down. */
const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'TooManyUpdates',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
]);

const ACCESS_DENIED_CODES = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']);

/** What the scripts know about the failed call, to name it in the message. */
export interface AwsCallContext {
  /** IAM action, e.g. `ssm:PutParameter`. */
  action: string;
  /** The resource the call was about (parameter name, function name…), when known. */
  resource?: string;
}

interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  $retryable?: { throttling?: boolean };
}

/** The error code of an SDK exception (`err.name`), or `''`. */
export function awsErrorCode(err: unknown): string {
  const name = (err as SdkErrorShape | null)?.name;
  return typeof name === 'string' ? name : '';
}

function awsErrorMessage(err: unknown): string {
  const message = (err as SdkErrorShape | null)?.message;
  return typeof message === 'string' ? message : String(err);
}

/** Whether AWS asked us to slow down (worth retrying with backoff). */
export function isThrottlingError(err: unknown): boolean {
  return THROTTLING_CODES.has(awsErrorCode(err)) || (err as SdkErrorShape | null)?.$retryable?.throttling === true;
}

/** Whether the caller's credentials lack the permission. */
export function isAccessDeniedError(err: unknown): boolean {
  return ACCESS_DENIED_CODES.has(awsErrorCode(err));
}

/**
 * Finds the refused action and resource in an AccessDenied message, e.g.
 * `User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: ssm:PutParameter on resource: arn:…`.
 */
export function parseAccessDenied(message: string): { action?: string; resource?: string } {
  const action = /perform: ([\w-]+:[\w-]+)/.exec(message)?.[1];
  const resource = /on resource: (\S+?)(?:[,.]?\s|[,.]?$)/.exec(message)?.[1];
  return { ...(action ? { action } : {}), ...(resource ? { resource } : {}) };
}

/** One line describing an AWS failure, with the likely fix. */
export function describeAwsError(err: unknown, context: AwsCallContext): string {
  const code = awsErrorCode(err);
  const message = awsErrorMessage(err);
  if (isAccessDeniedError(err)) {
    const parsed = parseAccessDenied(message);
    const action = parsed.action ?? context.action;
    const resource = parsed.resource ?? context.resource ?? 'the resource';
    return (
      `access denied: the AWS role may not call ${action} on ${resource}. ` +
      'The deploy role from config/aws/bootstrap.yaml allows only its own function, alias and parameter prefix: ' +
      'check that config/deploy.yaml (or LAMBDA_FUNCTION_NAME, PARAMETER_PREFIX, AWS_REGION) matches the bootstrap stack, or update the stack with the bootstrap command: ' +
      BOOTSTRAP_COMMAND_WHERE
    );
  }
  if (code === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return (
      'no AWS credentials: in GitHub Actions the aws-actions/configure-aws-credentials step provides them ' +
      '(the role ARN is derived from account_id and function_name in config/deploy.yaml); by hand, run `aws configure` or set AWS_PROFILE'
    );
  }
  if (code === 'ExpiredTokenException' || code === 'ExpiredToken') {
    return 'the AWS credentials have expired: rerun the job, or refresh your local credentials';
  }
  if (isThrottlingError(err)) {
    return `AWS kept throttling ${context.action} after several retries (${code}): wait a minute and run it again`;
  }
  if (code === 'ResourceNotFoundException') {
    return (
      `${context.action} failed: ${message}. Check that LAMBDA_FUNCTION_NAME and AWS_REGION ` +
      'name the function the bootstrap stack created (the function lives in one region only)'
    );
  }
  const label = code && code !== 'Error' ? `${code}: ` : '';
  const about = context.resource ? ` (${context.resource})` : '';
  return `${context.action}${about} failed: ${label}${message}`;
}
