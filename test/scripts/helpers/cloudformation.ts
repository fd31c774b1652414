/**
 * Reads the bootstrap template with CloudFormation's short-form tags (!Ref, !Sub, !GetAtt…): the copy
 * in test/fixtures/ (npm run check:template keeps it equal to config/aws/bootstrap.yaml in the template
 * repository), so a fork that adapts its own template keeps a green suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type ScalarTag, type CollectionTag } from 'yaml';
import { REPO_ROOT } from './config-dir.js';

export const BOOTSTRAP_PATH = join(REPO_ROOT, 'test', 'fixtures', 'bootstrap.yaml');

const FUNCTIONS = ['Ref', 'Sub', 'GetAtt', 'If', 'Equals', 'Not', 'And', 'Or', 'Join', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr', 'GetAZs', 'Condition', 'Contains', 'EachMemberIn', 'EachMemberEquals'];

/** `!Ref X` → `{ Ref: 'X' }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`, `!Sub s` → `{ 'Fn::Sub': s }`. */
const tags: (ScalarTag | CollectionTag)[] = FUNCTIONS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const wrap = (value: unknown) => ({ [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value });
  return [
    { tag: `!${name}`, resolve: (value: string) => wrap(value) },
    { tag: `!${name}`, collection: 'seq', resolve: (value: { toJSON(): unknown }) => wrap(value.toJSON()) } as unknown as CollectionTag,
  ];
});

export interface Template {
  Parameters: Record<string, { Default?: unknown; AllowedPattern?: string; AllowedValues?: unknown[] }>;
  Conditions: Record<string, unknown>;
  Rules: Record<string, { RuleCondition?: unknown; Assertions: { Assert: unknown; AssertDescription: string }[] }>;
  Resources: Record<string, { Type: string; Condition?: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Description: string; Value: unknown }>;
}

export function loadBootstrapTemplate(path = BOOTSTRAP_PATH): Template {
  return parse(readFileSync(path, 'utf8'), { customTags: tags }) as Template;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of a role's inline policies. */
export function inlineStatements(role: { Properties: Record<string, unknown> }): PolicyStatement[] {
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: PolicyStatement[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

export const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/**
 * A role's identity policy with this stack's function ARN filled in (`!GetAtt Function.Arn`,
 * `!Sub ${Function.Arn}…`), for the fake AWS's IAM check. Other intrinsic functions are refused.
 */
export function resolvedAllows(role: { Properties: Record<string, unknown> }, functionArn: string): { actions: string[]; resources: string[] }[] {
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const node = value as Record<string, unknown>;
    if (JSON.stringify(node['Fn::GetAtt']) === '["Function","Arn"]') return functionArn;
    const sub = node['Fn::Sub'];
    if (typeof sub === 'string' && !sub.replaceAll('${Function.Arn}', '').includes('${')) return sub.replaceAll('${Function.Arn}', functionArn);
    throw new Error(`cannot resolve ${JSON.stringify(value)} here`);
  };
  return inlineStatements(role).map((statement) => ({ actions: asList(statement.Action), resources: asList(statement.Resource).map(resolve) }));
}

/**
 * The resources and outputs CloudFormation would create for these parameter values (defaults for the
 * rest): conditions evaluated (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`), resources
 * and outputs whose condition is false dropped, `Fn::If` resolved and `AWS::NoValue` removed. Other
 * intrinsic functions are left as they are, so two renderings compare structurally.
 */
export function renderTemplate(template: Template, parameters: Record<string, string> = {}): Pick<Template, 'Resources' | 'Outputs'> {
  const parameter = (name: string): unknown => parameters[name] ?? template.Parameters[name]?.Default;
  const value = (node: unknown): unknown => {
    const ref = (node as { Ref?: unknown } | null)?.Ref;
    return typeof ref === 'string' && ref in template.Parameters ? parameter(ref) : node;
  };
  const condition = (node: unknown): boolean => {
    if (typeof node === 'boolean') return node;
    const fn = node as Record<string, unknown[] | string>;
    if ('Condition' in fn) return condition(template.Conditions[fn.Condition as string]);
    if ('Fn::Equals' in fn) {
      const [a, b] = (fn['Fn::Equals'] as unknown[]).map(value);
      return JSON.stringify(a) === JSON.stringify(b);
    }
    if ('Fn::Not' in fn) return !condition((fn['Fn::Not'] as unknown[])[0]);
    if ('Fn::And' in fn) return (fn['Fn::And'] as unknown[]).every(condition);
    if ('Fn::Or' in fn) return (fn['Fn::Or'] as unknown[]).some(condition);
    throw new Error(`cannot evaluate the condition ${JSON.stringify(node)}`);
  };
  const holds = (name: string | undefined) => name === undefined || condition(template.Conditions[name]);
  const NO_VALUE = Symbol('AWS::NoValue');
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(resolve).filter((item) => item !== NO_VALUE);
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    if (record.Ref === 'AWS::NoValue') return NO_VALUE;
    if ('Fn::If' in record) {
      const [name, yes, no] = record['Fn::If'] as [string, unknown, unknown];
      return resolve(holds(name) ? yes : no);
    }
    const entries = Object.entries(record).map(([key, child]) => [key, resolve(child)] as const);
    return Object.fromEntries(entries.filter(([, child]) => child !== NO_VALUE));
  };
  const keep = <T extends { Condition?: string }>(section: Record<string, T>) =>
    Object.fromEntries(Object.entries(section).filter(([, item]) => holds(item.Condition)).map(([name, item]) => [name, resolve(item)])) as Record<string, T>;
  return { Resources: keep(template.Resources), Outputs: keep(template.Outputs as Record<string, { Condition?: string; Description: string; Value: unknown }>) };
}
