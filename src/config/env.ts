/**
 * The only place in `src/` that reads `process.env`. Everything else receives a {@link Config}.
 */
export type Environment = Readonly<Record<string, string | undefined>>;

export function readEnvironment(): Environment {
  return process.env;
}

/** AWS region of the running function (set by the Lambda runtime, or by the user locally). */
export function awsRegion(env: Environment = readEnvironment()): string | undefined {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
}

/** Function version, shown by the health event (`$LATEST`, `7`, …). */
export function functionVersion(env: Environment = readEnvironment()): string {
  return env.AWS_LAMBDA_FUNCTION_VERSION ?? 'local';
}
