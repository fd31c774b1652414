import { join } from 'node:path';
import * as yup from 'yup';
import { ENVIRONMENT_SETTINGS, environmentKeyHint, SKILL_DERIVED_ENV } from './lambda-settings.js';
import { displayPath } from './parameters-config.js';
import { strictObject, validateFile } from './validate.js';
import { readYamlFile } from './yaml-file.js';

/** What config/function.yaml holds: the Lambda function's own settings, applied by deploy-lambda. */
export interface FunctionConfig {
  file: string;
  memoryMb: number;
  timeoutSeconds: number;
  architecture: 'arm64' | 'x86_64';
  /** Non-secret env-only settings, as strings. */
  environment: Record<string, string>;
}

export const FUNCTION_FILE = 'function.yaml';
export const MIN_FUNCTION_TIMEOUT_SECONDS = 8;

/** Checks each `environment:` entry: known key, scalar value, value allowed for that key. */
function checkEnvironment(this: yup.TestContext, value: unknown): true | yup.ValidationError {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return this.createError({ message: 'must be a mapping of NAME: value' });
  const errors: yup.ValidationError[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const path = `${this.path}["${key}"]`;
    const check = key in SKILL_DERIVED_ENV ? undefined : ENVIRONMENT_SETTINGS[key];
    if (!check) {
      errors.push(this.createError({ path, message: environmentKeyHint(key) }));
    } else if (!['string', 'number', 'boolean'].includes(typeof raw)) {
      errors.push(this.createError({ path, message: 'must be a single value (text, number or true/false)' }));
    } else {
      const problem = check(String(raw));
      if (problem) errors.push(this.createError({ path, message: problem }));
    }
  }
  return errors.length === 0 ? true : new yup.ValidationError(errors);
}

const functionSchema = strictObject(
  {
    memory_mb: yup
      .number()
      .typeError('must be a number of megabytes, e.g. 512')
      .integer('must be a whole number of megabytes')
      .min(128, 'must be at least 128 (Lambda minimum); 512 is recommended')
      .max(10240, 'must be at most 10240 (Lambda maximum)')
      .default(512),
    timeout_seconds: yup
      .number()
      .typeError('must be a number of seconds, e.g. 10')
      .integer('must be a whole number of seconds')
      .min(MIN_FUNCTION_TIMEOUT_SECONDS, 'must be at least 8: Alexa waits 8 s, and a shorter function timeout cuts answers off (the Lambda default of 3 s is a classic "device not responding")')
      .max(900, 'must be at most 900 (Lambda maximum)')
      .default(10),
    architecture: yup
      .string()
      .strict()
      .oneOf(['arm64', 'x86_64'] as const, 'must be arm64 or x86_64')
      .default('arm64'),
    environment: yup.mixed().test('environment', 'invalid environment', checkEnvironment),
  },
  {
    runtime: 'the runtime is always nodejs24.x (set by deploy-lambda and the bootstrap stack)',
    handler: 'the handler is always index.handler',
  },
);

/** Reads and validates `<dir>/function.yaml`. */
export function loadFunctionConfig(dir: string): FunctionConfig {
  const yamlFile = readYamlFile(join(dir, FUNCTION_FILE), displayPath(dir, FUNCTION_FILE));
  const value = validateFile(yamlFile, functionSchema);
  const environment = Object.fromEntries(
    Object.entries((value.environment ?? {}) as Record<string, string | number | boolean>).map(([key, raw]) => [key, String(raw)]),
  );
  return {
    file: yamlFile.file,
    memoryMb: value.memory_mb,
    timeoutSeconds: value.timeout_seconds,
    architecture: value.architecture ?? 'arm64',
    environment,
  };
}
