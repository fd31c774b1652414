/**
 * The essentials of config/deploy.yaml (`language`, `home_assistant_url`) and the files that may
 * override them for advanced users (`locales` in config/skill.yaml, `homeassistant.url` in
 * config/parameters.yaml). Each loader validates its own file; these helpers only peek at the one
 * key another file holds, so a value set in two places that disagree fails with both named.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../shared/errors.js';
import { displayPath } from './parameters-config.js';
import { readYamlFile } from './yaml-file.js';

/** The language a fork speaks to Alexa when no file names one. */
export const DEFAULT_LANGUAGE = 'en-US';

/** A value read from another file's top level, with where it is, for messages. */
export interface Peeked<T> {
  value: T;
  /** `config/deploy.yaml:7`, or the file name. */
  where: string;
  /** `config/deploy.yaml`. */
  file: string;
}

/**
 * The top-level `key` of `<dir>/<file>` when the file exists, parses and holds a value `accept`
 * takes; undefined otherwise (a broken file is reported by its own loader, not twice).
 */
export function peekKey<T>(dir: string, file: string, key: string, accept: (value: unknown) => value is T): Peeked<T> | undefined {
  const path = join(dir, file);
  if (!existsSync(path)) return undefined;
  try {
    const yamlFile = readYamlFile(path, displayPath(dir, file));
    const data = yamlFile.data as Record<string, unknown> | null;
    const value = data && typeof data === 'object' ? data[key] : undefined;
    return accept(value) ? { value, where: yamlFile.locate([key]), file: yamlFile.file } : undefined;
  } catch (err) {
    if (err instanceof ConfigError) return undefined;
    throw err;
  }
}

/** A non-empty string. */
export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A non-empty list of strings. */
export function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.every(isText);
}

/** The one sentence for a value set in two files that disagree. */
export function disagreement(first: { where: string; key: string; value: string }, second: { where: string; key: string; value: string }, fix: string): string {
  return `${first.where} ${first.key}: ${first.value}, but ${second.where} ${second.key} says ${second.value}: ${fix}`;
}
