import { ScriptError } from '../shared/errors.js';

/** Where the Lambda looks for its parameters unless PARAMETER_PREFIX says otherwise (the old guide's path). */
export const DEFAULT_PARAMETER_PREFIX = '/lambda-execution-engine';

const SEGMENT = /^[a-zA-Z0-9_.-]+$/;

/**
 * `PARAMETER_PREFIX` (or the default), checked: it starts with `/`, has no trailing `/`, uses
 * Parameter Store's characters, and does not start with the reserved `/aws` or `/ssm`.
 */
export function resolveParameterPrefix(env: NodeJS.ProcessEnv): string {
  const prefix = env.PARAMETER_PREFIX?.trim() || DEFAULT_PARAMETER_PREFIX;
  const segments = prefix.split('/').slice(1);
  const valid = prefix.startsWith('/') && segments.length > 0 && segments.every((segment) => SEGMENT.test(segment));
  if (!valid) {
    throw new ScriptError(
      `PARAMETER_PREFIX "${prefix}" is not a valid Parameter Store path: use something like ${DEFAULT_PARAMETER_PREFIX} ` +
        '(leading /, no trailing /, letters, digits, _ . -)',
    );
  }
  if (/^\/(aws|ssm)(\/|$)/i.test(prefix)) throw new ScriptError(`PARAMETER_PREFIX "${prefix}" is reserved by AWS: choose another prefix`);
  return prefix;
}
