/**
 * Errors the scripts report to the user as one line, without a stack trace.
 *
 * `ScriptError` is for failures we understand (bad config, smoke test failed, missing env var);
 * AWS SDK errors are turned into one line by `describeAwsError` in `aws-errors.ts`.
 */
export class ScriptError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ScriptError';
  }
}

/** One or more problems in the files under `config/`, each naming the file, the key and what is allowed. */
export class ConfigError extends ScriptError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
