import { awsErrorCode, describeAwsError, isThrottlingError, type AwsCallContext } from './aws-errors.js';
import { ScriptError } from '../shared/errors.js';
import { formatDuration } from '../shared/format.js';
import type { Io } from '../shared/io.js';

/** How throttled calls are retried; tests shrink the delays. */
export interface RetryOptions {
  /** Attempts in total, including the first. */
  attempts: number;
  /** Delay before the first retry; doubles each time, with jitter. */
  baseDelayMs: number;
  /** Upper bound for one delay. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 6, baseDelayMs: 500, maxDelayMs: 10_000 };

/** An AWS call that failed for good; `code` is the SDK error name (e.g. `ResourceNotFoundException`). */
export class AwsCallError extends ScriptError {
  readonly code: string;

  constructor(message: string, code: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AwsCallError';
    this.code = code;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one AWS SDK call, retrying throttling with exponential backoff and jitter, and turns any
 * final failure into an `AwsCallError` whose message is one actionable line.
 *
 * @example await awsCall({ action: 'ssm:PutParameter', resource: name }, () => ssm.send(command), { io })
 */
export async function awsCall<T>(
  context: AwsCallContext,
  call: () => Promise<T>,
  options: { io?: Io; retry?: RetryOptions } = {},
): Promise<T> {
  const retry = options.retry ?? DEFAULT_RETRY;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (isThrottlingError(err) && attempt < retry.attempts) {
        const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
        options.io?.err(
          `  ${context.action} was throttled (${awsErrorCode(err)}); retrying in ${formatDuration(delay)} ` +
            `(attempt ${attempt + 1} of ${retry.attempts})`,
        );
        await sleep(delay);
        continue;
      }
      throw new AwsCallError(describeAwsError(err, context), awsErrorCode(err), { cause: err });
    }
  }
}
