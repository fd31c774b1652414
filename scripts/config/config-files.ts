/**
 * Loaders for the files under `config/`, one per file, each validated with yup. Errors name the
 * file, the line, the key and what is allowed, e.g.
 * `config/function.yaml:4 timeout_seconds: must be at least 8: Alexa waits 8 s …`.
 */
import { ConfigError } from '../shared/errors.js';
import { loadFunctionConfig, type FunctionConfig } from './function-config.js';
import { loadParametersConfig, type ParametersConfig } from './parameters-config.js';
import { loadSkillConfig, type SkillConfig } from './skill-config.js';

export { loadFunctionConfig, loadParametersConfig, loadSkillConfig };
export type { FunctionConfig, ParametersConfig, SkillConfig };

/** The default config directory, relative to the repository root. */
export const CONFIG_DIR = 'config';

/** Runs several loaders and reports the problems of all of them at once. */
export function loadAll<T extends readonly unknown[]>(loaders: { [K in keyof T]: () => T[K] }): T {
  const problems: string[] = [];
  const results = loaders.map((load) => {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return results as unknown as T;
}
