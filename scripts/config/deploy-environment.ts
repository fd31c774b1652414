import { loadDeployConfigIfPresent } from './deploy-config.js';

/**
 * The environment a deploy script runs with: AWS_REGION, LAMBDA_FUNCTION_NAME and PARAMETER_PREFIX
 * come from `<configDir>/deploy.yaml` unless the environment already sets them (by hand, to
 * deploy elsewhere). Without the file, the environment alone decides, as before it existed.
 *
 * @example const env = withDeploySettings(process.env, 'config'); requireRegion(env);
 */
export function withDeploySettings(env: NodeJS.ProcessEnv, configDir: string): NodeJS.ProcessEnv {
  const deploy = loadDeployConfigIfPresent(configDir);
  if (!deploy) return env;
  const unset = (value: string | undefined) => !value?.trim();
  return {
    ...env,
    ...(unset(env.AWS_REGION) && unset(env.AWS_DEFAULT_REGION) ? { AWS_REGION: deploy.region } : {}),
    ...(unset(env.LAMBDA_FUNCTION_NAME) ? { LAMBDA_FUNCTION_NAME: deploy.functionName } : {}),
    ...(unset(env.PARAMETER_PREFIX) ? { PARAMETER_PREFIX: deploy.parameterPrefix } : {}),
  };
}
