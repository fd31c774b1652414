import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../shared/errors.js';

/** A parsed YAML file that can point back to the line of any key, for error messages. */
export interface YamlFile {
  /** The name shown to the user, e.g. `config/function.yaml`. */
  file: string;
  /** The plain JavaScript value of the document (`{}` for an empty file). */
  data: unknown;
  /** `file:line` of the node at `path`, or of the nearest parent that exists. */
  locate(path: readonly (string | number)[]): string;
}

/**
 * Reads and parses a YAML file (YAML 1.2: `yes`/`no` stay strings, so booleans are validated
 * explicitly), failing with `file:line:col: reason` on a syntax error or a missing file.
 */
export function readYamlFile(path: string, file: string = path): YamlFile {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError([code === 'ENOENT' ? `${file}: file not found` : `${file}: cannot be read (${code ?? String(err)})`]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((error) => {
        const pos = lineCounter.linePos(error.pos[0]);
        return `${file}:${pos.line}:${pos.col}: ${error.message.split('\n')[0] ?? error.message}`;
      }),
    );
  }
  const data: unknown = doc.toJS() ?? {};
  return { file, data, locate: (path) => locateNode(doc, lineCounter, file, path) };
}

function locateNode(doc: Document, lineCounter: LineCounter, file: string, path: readonly (string | number)[]): string {
  for (let length = path.length; length > 0; length -= 1) {
    const node: unknown = doc.getIn(path.slice(0, length), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return `${file}:${lineCounter.linePos(range[0]).line}`;
  }
  return file;
}

/**
 * Splits a yup error path into keys: `alexa.filter.entity_config["light.kitchen"].name` →
 * `['alexa', 'filter', 'entity_config', 'light.kitchen', 'name']`, `a.list[2]` → `['a', 'list', 2]`.
 */
export function splitYupPath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const match of path.matchAll(pattern)) {
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else if (match[3] !== undefined) keys.push(match[3]);
  }
  return keys;
}

/** `['alexa', 'filter', 'include_domains', 0]` → `alexa.filter.include_domains[0]`;
 * keys with dots are bracketed: `entity_config["light.kitchen"]`. */
export function joinKeyPath(keys: readonly (string | number)[]): string {
  return keys.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    if (/[.[\]\s"]/.test(key)) return `${text}[${JSON.stringify(key)}]`;
    return text ? `${text}.${key}` : key;
  }, '');
}
