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

export function loadBootstrapTemplate(): Template {
  return parse(readFileSync(BOOTSTRAP_PATH, 'utf8'), { customTags: tags }) as Template;
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
