import { ScriptError } from '../shared/errors.js';

/** The alias Alexa calls: the bootstrap stack creates it, the deploy moves it, the console sheet names it. */
export const LIVE_ALIAS = 'live';

/**
 * The alias the Doctor and the Discovery test invoke (the only one their role may invoke): it follows
 * `live`, and the bundle answers only read-only requests through it.
 */
export { DIAGNOSTICS_ALIAS } from '../../src/gateway/diagnostics-alias.js';

const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]{1,128})$/;

/** `LAMBDA_FUNCTION_NAME`, checked. */
export function requireFunctionName(env: NodeJS.ProcessEnv): string {
  const name = env.LAMBDA_FUNCTION_NAME?.trim();
  if (!name) throw new ScriptError('LAMBDA_FUNCTION_NAME is not set: set function_name in config/deploy.yaml (the FunctionName of the bootstrap stack)');
  if (!FUNCTION_NAME.test(name)) throw new ScriptError(`LAMBDA_FUNCTION_NAME "${name}" is not a function name (letters, digits, - and _, up to 64)`);
  return name;
}

/** An alias name, a version number or `$LATEST`. */
export function checkQualifier(qualifier: string, label = 'qualifier'): string {
  if (!QUALIFIER.test(qualifier)) throw new ScriptError(`${label} "${qualifier}" is not an alias name, a version number or $LATEST`);
  return qualifier;
}
