import type { SkillIds } from './skill-ids.js';
import type { SkillFailure, SkillOutcome } from './skill-sync.js';

/** Where the new IDs went: a pull request, config/skill.yaml itself, or nowhere (with the reason). */
export type IdsRecord = { kind: 'none' } | { kind: 'pull-request'; url: string } | { kind: 'file'; file: string } | { kind: 'unrecorded'; reason: string };

/** The job summary: each skill, what changed, and the IDs to keep in config/skill.yaml. */
export function formatSkillsMarkdown(outcomes: readonly SkillOutcome[], ids: SkillIds, record: IdsRecord, failures: readonly SkillFailure[] = []): string {
  const rows = outcomes.map(({ skill, skillId, source, changes, pending, warnings, failure }) =>
    `| ${skill.label} | \`${skillId}\` | ${source} | ${failure ? '❌ failed' : changes.length > 0 ? changes.join(', ') : 'nothing (up to date)'}${pending || warnings ? ' ⚠️' : ''} |`,
  );
  const failedRows = failures.map(({ label }) => `| ${label} | – | – | ❌ not found or created |`);
  const lines = ['## Alexa skills', '', '| Skill | ID | Found | Changed |', '|---|---|---|---|', ...rows, ...failedRows];
  const newIds = Object.entries(ids).filter(([, id]) => id);
  if (newIds.length > 0) {
    lines.push('', 'New skill IDs for `config/skill.yaml`:', '', '```yaml', ...newIds.map(([key, id]) => `${key}: ${id ?? ''}`), '```');
    if (record.kind === 'pull-request') lines.push('', `Merge ${record.url} to record them: the Deploy workflow then lets these skills call the Lambda.`);
    if (record.kind === 'file') lines.push('', `Written to ${record.file}: commit and push it, so the Deploy workflow lets these skills call the Lambda.`);
    if (record.kind === 'unrecorded') lines.push('', `Not recorded automatically (${record.reason}): add these lines to config/skill.yaml and push.`);
  }
  for (const outcome of outcomes) if (outcome.pending) lines.push('', `⚠️ ${outcome.pending}`);
  for (const warning of outcomes.flatMap((outcome) => outcome.warnings ?? [])) lines.push('', `⚠️ ${warning}`);
  for (const { label, reason } of [...failures, ...outcomes.flatMap((outcome) => (outcome.failure ? [{ label: outcome.skill.label, reason: outcome.failure }] : []))]) lines.push('', `❌ ${label}: ${reason}`);
  // The Smart Home skill is enabled in the Alexa app, not through SMAPI: say how once its endpoint is live.
  if (outcomes.some((outcome) => outcome.skill.kind === 'smartHome' && !outcome.pending && !outcome.failure && outcome.changes.some((change) => change === 'manifest'))) {
    lines.push('', 'Next: in the Alexa app, **More → Skills & Games → Your Skills → Dev**, open the Smart Home skill, **Enable to use**, log in to Home Assistant, then **Discover devices**.');
  }
  return lines.join('\n');
}
