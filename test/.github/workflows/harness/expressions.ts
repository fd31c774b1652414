/**
 * GitHub Actions expressions (`${{ … }}` and `if:`), as far as workflows use them: contexts
 * (github, vars, secrets, inputs, env, steps, needs, job, runner), literals, `!`, `==`, `!=`, `<`,
 * `<=`, `>`, `>=`, `&&`, `||`, parentheses, `.x` and `['x']`, and the functions format, contains,
 * startsWith, endsWith, join, toJSON, fromJSON, success, failure, always, cancelled. Anything else
 * (hashFiles, `*` filters) throws, so a workflow that starts using it fails the rehearsal loudly.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** The contexts an expression reads, and the status of the job so far (for success()/failure()). */
export interface ExpressionScope {
  readonly contexts: Readonly<Record<string, Value>>;
  readonly jobFailed?: boolean;
}

type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'context'; name: string }
  | { kind: 'member'; object: Node; key: Node }
  | { kind: 'not'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'call'; name: string; args: Node[] };

type Token = { type: 'num' | 'str' | 'id' | 'op'; text: string; value?: Value };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    if (rest[0] === "'") {
      let text = '';
      let j = 1;
      for (;;) {
        if (j >= rest.length) throw new Error(`unterminated string in expression: ${source}`);
        if (rest[j] === "'") {
          if (rest[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += rest[j];
        j += 1;
      }
      tokens.push({ type: 'str', text, value: text });
      i += j + 1;
      continue;
    }
    const number = /^(0x[0-9a-f]+|-?\d+(\.\d+)?(e[+-]?\d+)?)/i.exec(rest);
    if (number && !(tokens.at(-1)?.text === '.' )) {
      tokens.push({ type: 'num', text: number[0], value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const identifier = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(rest);
    if (identifier) {
      tokens.push({ type: 'id', text: identifier[0] });
      i += identifier[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (!op) throw new Error(`unsupported syntax in expression at "${rest}": ${source}`);
    tokens.push({ type: 'op', text: op });
    i += op.length;
  }
  return tokens;
}

class Parser {
  #position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly source: string,
  ) {}

  parse(): Node {
    const node = this.or();
    if (this.#position < this.tokens.length) throw new Error(`unexpected "${this.tokens[this.#position]?.text ?? ''}" in expression: ${this.source}`);
    return node;
  }

  #peek(text: string): boolean {
    const token = this.tokens[this.#position];
    return token?.type === 'op' && token.text === text;
  }

  #expect(text: string): void {
    if (!this.#peek(text)) throw new Error(`expected "${text}" in expression: ${this.source}`);
    this.#position += 1;
  }

  or(): Node {
    let left = this.and();
    while (this.#peek('||')) {
      this.#position += 1;
      left = { kind: 'binary', op: '||', left, right: this.and() };
    }
    return left;
  }

  and(): Node {
    let left = this.equality();
    while (this.#peek('&&')) {
      this.#position += 1;
      left = { kind: 'binary', op: '&&', left, right: this.equality() };
    }
    return left;
  }

  equality(): Node {
    let left = this.comparison();
    while (this.#peek('==') || this.#peek('!=')) {
      const op = this.tokens[this.#position++]?.text as string;
      left = { kind: 'binary', op, left, right: this.comparison() };
    }
    return left;
  }

  comparison(): Node {
    let left = this.unary();
    while (['<', '<=', '>', '>='].some((op) => this.#peek(op))) {
      const op = this.tokens[this.#position++]?.text as string;
      left = { kind: 'binary', op, left, right: this.unary() };
    }
    return left;
  }

  unary(): Node {
    if (this.#peek('!')) {
      this.#position += 1;
      return { kind: 'not', operand: this.unary() };
    }
    return this.postfix();
  }

  postfix(): Node {
    let node = this.primary();
    for (;;) {
      if (this.#peek('.')) {
        this.#position += 1;
        const key = this.tokens[this.#position++];
        if (key?.type !== 'id') throw new Error(`expected a property name after "." in expression: ${this.source}`);
        node = { kind: 'member', object: node, key: { kind: 'literal', value: key.text } };
      } else if (this.#peek('[')) {
        this.#position += 1;
        const key = this.or();
        this.#expect(']');
        node = { kind: 'member', object: node, key };
      } else {
        return node;
      }
    }
  }

  primary(): Node {
    const token = this.tokens[this.#position++];
    if (!token) throw new Error(`unexpected end of expression: ${this.source}`);
    if (token.type === 'num' || token.type === 'str') return { kind: 'literal', value: token.value ?? null };
    if (token.type === 'op' && token.text === '(') {
      const inner = this.or();
      this.#expect(')');
      return inner;
    }
    if (token.type === 'id') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
      if (token.text === 'null') return { kind: 'literal', value: null };
      if (this.#peek('(')) {
        this.#position += 1;
        const args: Node[] = [];
        while (!this.#peek(')')) {
          args.push(this.or());
          if (!this.#peek(')')) this.#expect(',');
        }
        this.#position += 1;
        return { kind: 'call', name: token.text.toLowerCase(), args };
      }
      return { kind: 'context', name: token.text.toLowerCase() };
    }
    throw new Error(`unexpected "${token.text}" in expression: ${this.source}`);
  }
}

export function truthy(value: Value): boolean {
  return !(value === null || value === false || value === 0 || value === '' || Number.isNaN(value));
}

function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  return Number.NaN;
}

/** GitHub's loose comparison: strings ignore case; different types compare as numbers. */
function compare(op: string, left: Value, right: Value): boolean {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = left.toLowerCase();
    const b = right.toLowerCase();
    return op === '==' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  }
  if (typeof left === 'object' && left !== null) return op === '!=' ? left !== right : op === '==' && left === right;
  if (typeof right === 'object' && right !== null) return op === '!=';
  if (typeof left === typeof right && typeof left === 'boolean') return op === '==' ? left === right : op === '!=' ? left !== right : compare(op, toNumber(left), toNumber(right));
  const a = toNumber(left);
  const b = toNumber(right);
  return op === '==' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

/** How a value appears when interpolated into text: null is '', objects are JSON. */
export function stringify(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

function member(object: Value, key: Value): Value {
  if (object === null || typeof object !== 'object') return null;
  if (Array.isArray(object)) return typeof key === 'number' ? (object[key] ?? null) : null;
  const name = stringify(key);
  if (name in object) return object[name] ?? null;
  // Context properties are case-insensitive.
  const found = Object.keys(object).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return found === undefined ? null : (object[found] ?? null);
}

const usesStatus = (node: Node): boolean =>
  (node.kind === 'call' && ['success', 'failure', 'always', 'cancelled'].includes(node.name)) ||
  (node.kind === 'member' && (usesStatus(node.object) || usesStatus(node.key))) ||
  (node.kind === 'not' && usesStatus(node.operand)) ||
  (node.kind === 'binary' && (usesStatus(node.left) || usesStatus(node.right))) ||
  (node.kind === 'call' && node.args.some(usesStatus));

function evaluateNode(node: Node, scope: ExpressionScope): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'context': {
      if (!(node.name in scope.contexts)) throw new Error(`unknown context "${node.name}" (the rehearsal provides ${Object.keys(scope.contexts).join(', ')})`);
      return scope.contexts[node.name] ?? null;
    }
    case 'member':
      return member(evaluateNode(node.object, scope), evaluateNode(node.key, scope));
    case 'not':
      return !truthy(evaluateNode(node.operand, scope));
    case 'binary': {
      const left = evaluateNode(node.left, scope);
      if (node.op === '&&') return truthy(left) ? evaluateNode(node.right, scope) : left;
      if (node.op === '||') return truthy(left) ? left : evaluateNode(node.right, scope);
      return compare(node.op, left, evaluateNode(node.right, scope));
    }
    case 'call':
      return callFunction(node.name, node.args.map((arg) => evaluateNode(arg, scope)), scope);
  }
}

function callFunction(name: string, args: Value[], scope: ExpressionScope): Value {
  const text = (index: number) => stringify(args[index] ?? null);
  switch (name) {
    case 'success':
      return !scope.jobFailed;
    case 'failure':
      return Boolean(scope.jobFailed);
    case 'always':
      return true;
    case 'cancelled':
      return false;
    case 'contains': {
      const haystack = args[0] ?? null;
      if (Array.isArray(haystack)) return haystack.some((item) => compare('==', item, args[1] ?? null));
      return text(0).toLowerCase().includes(text(1).toLowerCase());
    }
    case 'startswith':
      return text(0).toLowerCase().startsWith(text(1).toLowerCase());
    case 'endswith':
      return text(0).toLowerCase().endsWith(text(1).toLowerCase());
    case 'format':
      return text(0).replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index: string | undefined) => (index === undefined ? match[0] as string : text(Number(index) + 1)));
    case 'join': {
      const list = args[0] ?? null;
      const separator = args.length > 1 ? text(1) : ',';
      return Array.isArray(list) ? list.map(stringify).join(separator) : stringify(list);
    }
    case 'tojson':
      return JSON.stringify(args[0] ?? null, null, 2);
    case 'fromjson':
      return JSON.parse(text(0)) as Value;
    default:
      throw new Error(`the rehearsal does not implement the expression function ${name}()`);
  }
}

/** Evaluates one expression (the text inside `${{ }}`, or an `if:` without them). */
export function evaluate(source: string, scope: ExpressionScope): Value {
  return evaluateNode(new Parser(tokenize(source), source).parse(), scope);
}

/** An `if:` condition: `${{ }}` optional; without a status function it is `success() && (…)`. */
export function evaluateCondition(condition: string | boolean | undefined, scope: ExpressionScope): boolean {
  if (condition === undefined) return !scope.jobFailed;
  if (typeof condition === 'boolean') return condition && !scope.jobFailed;
  const trimmed = condition.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  const source = whole && !whole[1]?.includes('}}') ? (whole[1] as string) : trimmed;
  const node = new Parser(tokenize(source), source).parse();
  const result = truthy(evaluateNode(node, scope));
  return usesStatus(node) ? result : result && !scope.jobFailed;
}

/** Replaces every `${{ … }}` in a text. A text that is only one expression keeps its value's type. */
export function interpolate(text: string, scope: ExpressionScope): Value {
  const whole = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/.exec(text);
  if (whole) return evaluate(whole[1] as string, scope);
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_match, source: string) => stringify(evaluate(source, scope)));
}

/** `interpolate`, as text. */
export function interpolateText(text: string, scope: ExpressionScope): string {
  return stringify(interpolate(text, scope));
}
