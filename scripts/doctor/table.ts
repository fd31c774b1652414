/** The doctor's report as a console table and as Markdown for the GitHub job summary or an issue. */
import { formatMarkdownTable, formatTextTable } from '../shared/table.js';
import { VALUES_HIDDEN } from './public-report.js';
import type { CheckStatus, DoctorReport } from './report.js';

const MARK: Record<CheckStatus, string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skipped: '-' };
const EMOJI: Record<CheckStatus, string> = { ok: '✅ ok', warn: '⚠️ warn', fail: '❌ fail', skipped: '➖ skipped' };

function where(report: DoctorReport): string {
  const parts = [report.url ?? 'no Home Assistant URL', `${report.mode} mode`, `version ${report.version}`];
  if (report.region !== null) parts.push(report.region);
  return parts.join(', ');
}

function verdict(report: DoctorReport): string {
  const count = (status: CheckStatus) => report.checks.filter((entry) => entry.status === status).length;
  return `${count('ok')} ok, ${count('warn')} warn, ${count('fail')} fail, ${count('skipped')} skipped`;
}

/**
 * A fixed-width table, then one line per fix. Without `details` (a public repository's log; pass
 * the report through publicReport first) the table has no measured column and names no address.
 */
export function formatDoctorText(report: DoctorReport, details = true): string {
  const rows = report.checks.map((entry) => [entry.title, MARK[entry.status], ...(details ? [entry.value] : [])]);
  const fixes = report.checks.filter((entry) => entry.fix !== '' && (entry.status === 'fail' || entry.status === 'warn')).map((entry) => `  ${entry.title}: ${entry.fix}`);
  return [
    details ? `Doctor: ${where(report)}` : `Doctor: ${[`${report.mode} mode`, `version ${report.version}`, ...(report.region === null ? [] : [report.region])].join(', ')}`,
    formatTextTable(['check', 'status', ...(details ? ['measured'] : [])], rows),
    '',
    `${verdict(report)}.`,
    ...(fixes.length === 0 ? [] : ['What to do:', ...fixes]),
    ...(details ? [] : ['', VALUES_HIDDEN]),
  ].join('\n');
}

export function formatDoctorMarkdown(report: DoctorReport, title = 'Doctor', details = true): string {
  if (!details) {
    // A public repository's summary is public: the verdict per check, never the address or a measured value.
    const rows = report.checks.map((entry) => [entry.title, EMOJI[entry.status]]);
    return [`### ${title}`, '', `${verdict(report)}.`, '', formatMarkdownTable(['Check', 'Status'], rows), '', DOCTOR_DETAILS_HIDDEN].join('\n');
  }
  const rows = report.checks.map((entry) => [entry.title, EMOJI[entry.status], entry.value, entry.status === 'ok' || entry.status === 'skipped' ? '' : entry.fix]);
  return [`### ${title}`, '', `${where(report)}: ${verdict(report)}.`, '', formatMarkdownTable(['Check', 'Status', 'Measured', 'What to do'], rows)].join('\n');
}

/** What a public repository's summary says instead of the measured values. */
export const DOCTOR_DETAILS_HIDDEN =
  '_Measured values and fixes name your Home Assistant address: they are shown only in private repositories (`REPOSITORY_PRIVATE=true`). Run `npm run doctor -- --lambda` on your computer to see them._';
