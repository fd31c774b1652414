import type { SkillIds } from './skill-ids.js';
import type { SkillOutcome } from './skill-sync.js';

/** Where the new IDs went: a pull request, config/skill.yaml itself, or nowhere (with the reason). */
export type IdsRecord = { kind: 'none' } | { kind: 'pull-request'; url: string } | { kind: 'file'; file: string } | { kind: 'unrecorded'; reason: string };

/** The job summary: each skill, what changed, and the IDs to keep in config/skill.yaml. */
export function formatSkillsMarkdown(outcomes: readonly SkillOutcome[], ids: SkillIds, record: IdsRecord): string {
  const rows = outcomes.map(({ skill, skillId, source, changes, pending }) =>
    `| ${skill.label} | \`${skillId}\` | ${source} | ${changes.length > 0 ? changes.join(', ') : 'nothing (up to date)'}${pending ? ' ⚠️' : ''} |`,
  );
  const lines = ['## Alexa skills', '', '| Skill | ID | Found | Changed |', '|---|---|---|---|', ...rows];
  const newIds = Object.entries(ids).filter(([, id]) => id);
  if (newIds.length > 0) {
    lines.push('', 'New skill IDs for `config/skill.yaml`:', '', '```yaml', ...newIds.map(([key, id]) => `${key}: ${id ?? ''}`), '```');
    if (record.kind === 'pull-request') lines.push('', `Merge ${record.url} to record them: the Deploy workflow then lets these skills call the Lambda.`);
    if (record.kind === 'file') lines.push('', `Written to ${record.file}: commit and push it, so the Deploy workflow lets these skills call the Lambda.`);
    if (record.kind === 'unrecorded') lines.push('', `Not recorded automatically (${record.reason}): add these lines to config/skill.yaml and push.`);
  }
  for (const outcome of outcomes) if (outcome.pending) lines.push('', `⚠️ ${outcome.pending}`);
  if (outcomes.some((outcome) => outcome.changes.includes('enabled for testing'))) {
    lines.push('', 'Next: in the Alexa app, **More → Skills & Games → Your Skills → Dev**, open the Smart Home skill, **Enable to use**, log in to Home Assistant, then **Discover devices**.');
  }
  return lines.join('\n');
}
