/**
 * The skill IDs in config/skill.yaml: written in place (comments kept) so the Deploy workflow can
 * grant the Lambda permissions, and read back on the next run instead of searching by name.
 */
import type { ResolvedSkill } from './skill-sync.js';

export type SkillIds = Partial<Record<'smart_home_skill_id' | 'custom_skill_id', string>>;

const COMMENT = '# The skills\' IDs, written by npm run skill:deploy (the Deploy workflow lets these skills call the Lambda).';

/**
 * The text of config/skill.yaml with these IDs set: an existing (or commented-out) key is replaced
 * on its own line, a missing one is appended.
 */
export function setSkillIds(yamlText: string, ids: SkillIds): string {
  let text = yamlText;
  const appended: string[] = [];
  for (const [key, id] of Object.entries(ids)) {
    if (!id) continue;
    const line = new RegExp(`^#?\\s*${key}:.*$`, 'm');
    if (line.test(text)) text = text.replace(line, `${key}: ${id}`);
    else appended.push(`${key}: ${id}`);
  }
  if (appended.length === 0) return text;
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  const comment = text.includes(COMMENT) ? [] : [COMMENT];
  return `${text}${separator}${text === '' ? '' : '\n'}${[...comment, ...appended].join('\n')}\n`;
}

/** The IDs this run found or created that config/skill.yaml does not hold yet. */
export function newSkillIds(resolved: readonly ResolvedSkill[], known: SkillIds): SkillIds {
  const ids: SkillIds = {};
  for (const { skill, skillId } of resolved) if (known[skill.configKey] !== skillId) ids[skill.configKey] = skillId;
  return ids;
}
