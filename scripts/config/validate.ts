import * as yup from 'yup';
import { ConfigError } from '../shared/errors.js';
import { joinKeyPath, splitYupPath, type YamlFile } from './yaml-file.js';

/**
 * Validates a YAML file against a yup schema, collecting every problem as
 * `config/function.yaml:4 timeout_seconds: must be at least 8 …`.
 *
 * @returns the value after yup's casting (numbers from numeric strings, defaults filled in)
 */
export function validateFile<S extends yup.AnySchema>(yamlFile: YamlFile, schema: S): yup.InferType<S> {
  try {
    return schema.validateSync(yamlFile.data, { abortEarly: false });
  } catch (err) {
    if (!(err instanceof yup.ValidationError)) throw err;
    const errors = err.inner.length > 0 ? err.inner : [err];
    const problems = errors.map((error) => {
      const keys = splitYupPath(error.path ?? '');
      const key = joinKeyPath(keys) || '(top level)';
      return `${yamlFile.locate(keys)} ${key}: ${error.errors[0] ?? error.message}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
}

/**
 * A test that allows only the listed keys in a mapping and explains the ones that are not,
 * with a hint for keys users often put in the wrong place.
 */
export function onlyKeys(allowed: readonly string[], hints: Readonly<Record<string, string>> = {}) {
  return function test(this: yup.TestContext, value: unknown): true | yup.ValidationError {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return true;
    const errors = Object.keys(value)
      .filter((key) => !allowed.includes(key))
      .map((key) =>
        this.createError({
          path: this.path ? `${this.path}["${key}"]` : `["${key}"]`,
          message: hints[key] ?? `unknown key; allowed here: ${allowed.join(', ')}`,
        }),
      );
    if (errors.length === 0) return true;
    return new yup.ValidationError(errors);
  };
}

/** A mapping (YAML object) whose keys are checked with `onlyKeys`. */
export function strictObject<T extends yup.ObjectShape>(shape: T, hints: Readonly<Record<string, string>> = {}) {
  return yup
    .object(shape)
    .typeError('must be a mapping of keys to values')
    .test('only-known-keys', 'unknown key', onlyKeys(Object.keys(shape), hints));
}
