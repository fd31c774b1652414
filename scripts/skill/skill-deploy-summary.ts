import type { SkillIds } from './skill-ids.js';
import type { SkillFailure, SkillOutcome } from './skill-sync.js';

/**
 * Where the new IDs went: a commit on the default branch (and whether Deploy was started), a pull
 * request, config/skill.yaml itself, or nowhere (with the reason).
 */
export type IdsRecord =
  | { kind: 'none' }
  | { kind: 'commit'; branch: string; deployStarted?: boolean; reason?: string }
  | { kind: 'pull-request'; url: string }
  | { kind: 'file'; file: string }
  | { kind: 'unrecorded'; reason: string };

/** What happens to an endpoint still waiting for the Lambda's permission, by where the IDs went. */
function pendingNext(record: IdsRecord): string {
  switch (record.kind) {
    case 'commit':
      return record.deployStarted
        ? `This run committed the IDs to config/skill.yaml on ${record.branch} and started Deploy: it lets the skills call the Lambda, then starts this workflow again, which sets the endpoints. Nothing is needed from you.`
        : `This run committed the IDs to config/skill.yaml on ${record.branch} but could not start Deploy (${record.reason ?? 'unknown reason'}): run Deploy once (Actions → Deploy → Run workflow); it then starts this workflow, which sets the endpoints.`;
    case 'pull-request':
      return `Merge ${record.url}: Deploy then lets the skills call the Lambda and starts this workflow, which sets the endpoints.`;
    case 'file':
      return `Commit and push ${record.file}: Deploy then lets the skills call the Lambda and starts this workflow, which sets the endpoints.`;
    default:
      return 'Add the IDs above to config/skill.yaml and push: Deploy then lets the skills call the Lambda and starts this workflow, which sets the endpoints.';
  }
}

/** The job summary: each skill, what changed, the IDs to keep in config/skill.yaml, and what happens next. */
export function formatSkillsMarkdown(outcomes: readonly SkillOutcome[], ids: SkillIds, record: IdsRecord, failures: readonly SkillFailure[] = []): string {
  const rows = outcomes.map(({ skill, skillId, source, changes, pending, warnings, failure }) =>
    `| ${skill.label} | \`${skillId}\` | ${source} | ${failure ? '❌ failed' : changes.length > 0 ? changes.join(', ') : 'nothing (up to date)'}${pending ? ' ⏳' : ''}${warnings ? ' ⚠️' : ''} |`,
  );
  const failedRows = failures.map(({ label }) => `| ${label} | – | – | ❌ not found or created |`);
  const lines = ['## Alexa skills', '', '| Skill | ID | Found | Changed |', '|---|---|---|---|', ...rows, ...failedRows];
  const newIds = Object.entries(ids).filter(([, id]) => id);
  if (newIds.length > 0) {
    lines.push('', 'New skill IDs for `config/skill.yaml`:', '', '```yaml', ...newIds.map(([key, id]) => `${key}: ${id ?? ''}`), '```');
    if (record.kind === 'commit') lines.push('', `Committed to config/skill.yaml on ${record.branch}.`);
    if (record.kind === 'pull-request') lines.push('', `The default branch refused a direct commit: merge ${record.url} to record them.`);
    if (record.kind === 'file') lines.push('', `Written to ${record.file}: commit and push it, so the Deploy workflow lets these skills call the Lambda.`);
    if (record.kind === 'unrecorded') lines.push('', `Not recorded automatically (${record.reason}): add these lines to config/skill.yaml and push.`);
  }
  const pending = outcomes.filter((outcome) => outcome.pending);
  if (pending.length > 0) {
    lines.push('', `⏳ Endpoint pending for the ${pending.map((outcome) => outcome.skill.label).join(' and the ')}: the Lambda does not let ${pending.length > 1 ? 'them' : 'it'} in yet. ${pendingNext(record)}`);
  }
  for (const warning of outcomes.flatMap((outcome) => outcome.warnings ?? [])) lines.push('', `⚠️ ${warning}`);
  const failed = [...failures, ...outcomes.flatMap((outcome) => (outcome.failure ? [{ label: outcome.skill.label, reason: outcome.failure }] : []))];
  for (const { label, reason } of failed) lines.push('', `❌ ${label}: ${reason}`);
  // Only when both endpoints are set and a manifest (an endpoint) was written by this run: before
  // that, linking would lead to a skill Alexa cannot call. The Smart Home skill is enabled in the
  // Alexa app, not through SMAPI.
  if (pending.length === 0 && failed.length === 0 && outcomes.some((outcome) => outcome.changes.includes('manifest'))) {
    lines.push(
      '',
      'Next: enable the Smart Home skill in the Alexa app and link it, then discover devices: **More → Skills & Games → Your Skills → Dev**, open the Smart Home skill, **Enable to use**, log in to Home Assistant, then say "Alexa, discover devices".',
    );
  }
  return lines.join('\n');
}
