import type { SkillConfig } from '../config/skill-config.js';
import { formatMarkdownTable } from '../shared/table.js';

/**
 * Which Alexa skills may invoke the `live` alias: the plan from config/skill.yaml's skill IDs and
 * the alias's resource policy (GetPolicy). The deploy owns only statements whose ID starts with
 * {@link STATEMENT_PREFIX}; anything else in the policy is left alone and listed.
 *
 * @see https://docs.aws.amazon.com/lambda/latest/api/API_AddPermission.html
 */

/** Statement IDs the deploy creates, e.g. `deploy-alexa-smart-home-0a1b2c3d-…`. */
export const STATEMENT_PREFIX = 'deploy-alexa-';

export const ALEXA_PRINCIPALS = {
  smartHome: 'alexa-connectedhome.amazon.com',
  custom: 'alexa-appkit.amazon.com',
} as const;

/** One statement the alias's policy should hold: `principal` may invoke when the caller sends `skillId`. */
export interface AlexaPermission {
  statementId: string;
  principal: string;
  skillId: string;
  /** `Smart Home skill` / `Custom skill`, for the plan. */
  label: string;
}

/** `unscoped`: an Alexa permission without a skill ID that the deploy cannot replace; the run fails, naming it. */
export type PermissionAction = 'add' | 'remove' | 'unchanged' | 'other' | 'unscoped';

export interface PermissionPlanEntry {
  action: PermissionAction;
  statementId: string;
  principal: string;
  skillId?: string;
  label: string;
  /** An Alexa principal without `EventSourceToken`: any skill of that kind may invoke. */
  unscoped?: boolean;
}

/** The statements config/skill.yaml asks for (none until a skill ID is set). */
export function desiredPermissions(skill: Pick<SkillConfig, 'smartHomeSkillId' | 'customSkillId'>): AlexaPermission[] {
  const wanted: AlexaPermission[] = [];
  if (skill.smartHomeSkillId) {
    wanted.push({ statementId: `${STATEMENT_PREFIX}smart-home-${skillSuffix(skill.smartHomeSkillId)}`, principal: ALEXA_PRINCIPALS.smartHome, skillId: skill.smartHomeSkillId, label: 'Smart Home skill' });
  }
  if (skill.customSkillId) {
    wanted.push({ statementId: `${STATEMENT_PREFIX}custom-${skillSuffix(skill.customSkillId)}`, principal: ALEXA_PRINCIPALS.custom, skillId: skill.customSkillId, label: 'Custom skill' });
  }
  return wanted;
}

/** The UUID part of `amzn1.ask.skill.<uuid>`, which fits a statement ID. */
function skillSuffix(skillId: string): string {
  return skillId.replace(/^amzn1\.ask\.skill\./, '');
}

/** One statement of a Lambda resource policy, as GetPolicy returns it (the parts we read). */
export interface PolicyStatement {
  statementId: string;
  principal?: string;
  skillId?: string;
}

interface RawStatement {
  Sid?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Reads GetPolicy's `Policy` (a JSON string); `undefined` (no policy yet) is an empty list. */
export function parsePolicy(policy: string | undefined): PolicyStatement[] {
  if (!policy) return [];
  const document = JSON.parse(policy) as { Statement?: RawStatement[] | RawStatement };
  const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement ? [document.Statement] : [];
  return statements.map((statement) => {
    const principal = statement.Principal as { Service?: unknown } | string | undefined;
    const service = typeof principal === 'string' ? principal : typeof principal?.Service === 'string' ? principal.Service : undefined;
    const token = statement.Condition?.StringEquals?.['lambda:EventSourceToken'];
    return {
      statementId: typeof statement.Sid === 'string' ? statement.Sid : '',
      ...(service ? { principal: service } : {}),
      ...(typeof token === 'string' ? { skillId: token } : {}),
    };
  });
}

const LABELS: Record<string, string> = { [ALEXA_PRINCIPALS.smartHome]: 'Smart Home skill', [ALEXA_PRINCIPALS.custom]: 'Custom skill' };

/**
 * What to add and remove so that the owned statements are exactly the desired ones. A desired
 * statement already present with the same principal and skill ID is unchanged; an owned one that
 * is no longer wanted (or differs) is removed; statements the deploy does not own are listed as `other`.
 */
export function planPermissions(current: readonly PolicyStatement[], desired: readonly AlexaPermission[]): PermissionPlanEntry[] {
  const entries: PermissionPlanEntry[] = [];
  const kept = new Set<string>();
  for (const statement of current) {
    const label = (statement.principal && LABELS[statement.principal]) ?? statement.principal ?? 'unknown principal';
    const base = { statementId: statement.statementId, principal: statement.principal ?? '?', label, ...(statement.skillId ? { skillId: statement.skillId } : {}) };
    if (isUnscopedAlexa(statement)) {
      // Any skill of this kind (with the stored token: anyone's) could drive the house. It goes when
      // config/skill.yaml's skill gets a scoped statement instead; else the run fails, naming it.
      const replaced = desired.some((wanted) => wanted.principal === statement.principal);
      entries.push({ ...base, action: replaced ? 'remove' : 'unscoped', unscoped: true });
      continue;
    }
    if (!statement.statementId.startsWith(STATEMENT_PREFIX)) {
      entries.push({ action: 'other', ...base });
      continue;
    }
    const match = desired.find((wanted) => wanted.statementId === statement.statementId && wanted.principal === statement.principal && wanted.skillId === statement.skillId);
    if (match) kept.add(match.statementId);
    entries.push({ action: match ? 'unchanged' : 'remove', ...base });
  }
  for (const wanted of desired) {
    if (!kept.has(wanted.statementId)) entries.push({ action: 'add', statementId: wanted.statementId, principal: wanted.principal, skillId: wanted.skillId, label: wanted.label });
  }
  return entries;
}

/** An Alexa principal allowed without a skill ID (no `lambda:EventSourceToken` condition). */
function isUnscopedAlexa(statement: PolicyStatement): boolean {
  return statement.skillId === undefined && statement.principal !== undefined && statement.principal in LABELS;
}

/** What the deploy will not leave in place and cannot remove safely: unscoped Alexa statements without a replacement. */
export function unscopedLeft(plan: readonly PermissionPlanEntry[]): PermissionPlanEntry[] {
  return plan.filter((entry) => entry.action === 'unscoped');
}

export function permissionPlanHasChanges(plan: readonly PermissionPlanEntry[]): boolean {
  return plan.some((entry) => entry.action === 'add' || entry.action === 'remove');
}

const SYMBOLS: Record<PermissionAction, string> = { add: '+', remove: '-', unchanged: '=', other: '·', unscoped: '!' };
const NOTES: Record<PermissionAction, string> = {
  add: 'will be allowed',
  remove: 'no longer in config/skill.yaml: removed',
  unchanged: 'allowed',
  other: 'not managed by the deploy: left alone',
  unscoped: 'any skill may invoke (no skill ID): set its skill ID in config/skill.yaml, or remove the statement',
};
const UNSCOPED_REMOVED = 'any skill could invoke (no skill ID): removed, the skill of config/skill.yaml is allowed instead';

function note(entry: PermissionPlanEntry): string {
  return entry.unscoped && entry.action === 'remove' ? UNSCOPED_REMOVED : NOTES[entry.action];
}

/** The plan as console lines. */
export function formatPermissionPlanText(plan: readonly PermissionPlanEntry[], target: string): string[] {
  if (plan.length === 0) return [`Alexa permissions on ${target}: none wanted, none present (set smart_home_skill_id / custom_skill_id in config/skill.yaml).`];
  return [
    `Alexa permissions on ${target}:`,
    ...plan.map((entry) => `  ${SYMBOLS[entry.action]} ${entry.action.padEnd(9)} ${entry.label.padEnd(16)} ${entry.skillId ?? '-'}  (${entry.principal}, ${entry.statementId}): ${note(entry)}`),
  ];
}

/** The plan as a job-summary section. */
export function formatPermissionPlanMarkdown(plan: readonly PermissionPlanEntry[], target: string): string {
  const title = `### Alexa invoke permissions on \`${target}\``;
  if (plan.length === 0) return [title, '', 'No skill IDs in `config/skill.yaml` yet: add `smart_home_skill_id` (and `custom_skill_id`) once the skills exist, then push.'].join('\n');
  const rows = plan.map((entry) => [entry.action, entry.label, entry.skillId ? `\`${entry.skillId}\`` : '—', `\`${entry.principal}\``, note(entry)]);
  return [title, '', formatMarkdownTable(['action', 'skill', 'skill ID', 'principal', 'note'], rows)].join('\n');
}
