import { formatDiscoveryMarkdown } from './discovery.js';
import { describeFollow } from './diagnostics-alias.js';
import type { DeployReport } from './lambda-deploy.js';
import { describeKeptRollback } from './kept-rollback.js';
import { formatMarkdownTable } from '../shared/table.js';

/** The deploy as a job-summary section: one row per step, then the smoke test's discovery. */
export function formatDeployMarkdown(report: DeployReport, region: string, details = false): string {
  const smoke = report.smoke;
  const smokeCell = !smoke
    ? 'not run'
    : smoke.ok
      ? `✅ health ok (${smoke.health.detail}); discovery ok`
      : `❌ ${smoke.reason ?? 'failed'}`;
  const kept = report.keptRollback;
  const aliasCell = kept
    ? `**kept** on version ${kept.version}, where the rollback put it`
    : report.movedMeanwhile
    ? `**not moved**: ${report.movedMeanwhile.who} while this deploy ran, and that move stands`
    : report.aliasMovedBack
    ? `**moved back** to version ${report.previousVersion ?? '?'}: the check through the alias failed on version ${report.version ?? '?'}`
    : report.aliasMoved
    ? `moved: version ${report.previousVersion ?? '?'} → ${report.version ?? '?'}`
    : report.ok
      ? `already on version ${report.version ?? '?'}`
      : `**not moved**: stays on version ${report.previousVersion ?? '?'} (the last good version)`;
  const rows = [
    ['code', report.codeChanged ? `uploaded (sha256 \`${report.codeSha256.slice(0, 12)}…\`)` : 'unchanged'],
    ['configuration', report.configChanges.join('; ') || 'unchanged'],
    ['version', kept ? `none published: the same as version ${kept.rolledBackFrom}, which was rolled back` : (report.version ?? '—')],
    ['smoke test', smokeCell],
    [`alias \`${report.alias}\``, aliasCell],
    ...(report.diagnostics ? [['alias `diagnostics` (Doctor, Discovery test)', describeFollow(report.diagnostics)]] : []),
    ...(report.diagnosticsProblem ? [['alias `diagnostics` (Doctor, Discovery test)', `❌ ${report.diagnosticsProblem}`]] : []),
  ];
  const lines = [
    `### ${kept ? '↩️' : report.ok ? '✅' : '❌'} Lambda deploy: \`${report.functionName}\` (${region})${kept ? `: \`${report.alias}\` stays rolled back` : ''}`,
    '',
    formatMarkdownTable(['step', 'result'], rows),
    '',
    ...(kept ? [`> [!NOTE]\n> ${describeKeptRollback(report.alias, kept)}\n`] : []),
    ...(report.movedMeanwhile && report.reason ? [`> [!WARNING]\n> ${report.reason}\n`] : []),
    ...report.warnings.map((warning) => `> [!WARNING]\n> ${warning}\n`),
  ];
  if (details) lines.push(...(smoke?.warnings ?? []).map((warning) => `> [!WARNING]\n> ${warning}\n`));
  if (smoke?.discovery) lines.push(formatDiscoveryMarkdown(smoke.discovery, `Smoke-test discovery on version ${report.version ?? '?'}`, details));
  return lines.join('\n');
}
