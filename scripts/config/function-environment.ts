import type { FunctionConfig } from './function-config.js';
import { DEPLOY_OWNED_ENV, ENVIRONMENT_SETTINGS, PARAMETER_BACKED_ENV } from './lambda-settings.js';

/** One change deploy-lambda makes to the function's environment. */
export interface EnvironmentChange {
  key: string;
  action: 'add' | 'change' | 'remove';
  before?: string;
  after?: string;
}

export interface EnvironmentPlan {
  /** The complete variables to send: the current ones with the owned keys replaced. */
  variables: Record<string, string>;
  changes: EnvironmentChange[];
  /** Variables set outside config/ that override a Parameter Store value (names only). */
  overrides: string[];
}

/** Keys deploy-lambda owns: what config/function.yaml may set, plus USE_PARAMETER_STORE, PARAMETER_PREFIX and PARAMETER_SET. */
export const OWNED_ENV_KEYS: readonly string[] = [...Object.keys(ENVIRONMENT_SETTINGS), ...DEPLOY_OWNED_ENV];

/**
 * Merges config/function.yaml into the function's current variables. Owned keys follow the file
 * (a key removed from the file is removed from the function); every other variable is kept as is,
 * because something else set it.
 */
export function planEnvironment(current: Readonly<Record<string, string>>, config: FunctionConfig, prefix: string, parameterSet?: string): EnvironmentPlan {
  const wanted: Record<string, string> = {
    ...config.environment,
    USE_PARAMETER_STORE: 'true',
    PARAMETER_PREFIX: prefix,
    ...(parameterSet ? { PARAMETER_SET: parameterSet } : {}),
  };
  const variables: Record<string, string> = {};
  const changes: EnvironmentChange[] = [];
  for (const [key, value] of Object.entries(current)) {
    if (!OWNED_ENV_KEYS.includes(key)) variables[key] = value;
    else if (!(key in wanted)) changes.push({ key, action: 'remove', before: value });
  }
  for (const [key, value] of Object.entries(wanted)) {
    variables[key] = value;
    const before = current[key];
    if (before === undefined) changes.push({ key, action: 'add', after: value });
    else if (before !== value) changes.push({ key, action: 'change', before, after: value });
  }
  const overrides = Object.keys(current).filter((key) => key in PARAMETER_BACKED_ENV);
  changes.sort((a, b) => a.key.localeCompare(b.key));
  return { variables, changes, overrides };
}

/** `HA_ALEXA_MODE native → proxy`, `DEBUG_MODE added`, `LUGS_ENABLED removed`. Values are non-secret by validation. */
export function describeEnvironmentChange(change: EnvironmentChange): string {
  if (change.action === 'add') return `${change.key}=${change.after ?? ''} added`;
  if (change.action === 'remove') return `${change.key} removed`;
  return `${change.key} ${change.before ?? ''} → ${change.after ?? ''}`;
}
