/**
 * npm run doctor:watch -- --report doctor-report.json [--state .doctor/state.json]
 *
 * The scheduled watchman (.github/workflows/doctor.yml). This script will:
 *   1. read the report `npm run doctor -- --lambda --json` wrote, and what the last run remembered;
 *   2. decide (watch-decision.ts) whether the findings deserve an issue;
 *   3. open one issue in the repository, labelled alexa-doctor; update it while the problems last
 *      (with a comment when they change); close it when every check passes again;
 *   4. write what to remember for the next run to --state.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isDirectRun, type Main, parseOptions, runCli } from '../shared/cli.js';
import { ScriptError } from '../shared/errors.js';
import { formatMarkdownTable } from '../shared/table.js';
import { GitHubIssues, githubTarget, type GitHubIssue } from './github-issues.js';
import { summaryShowsDetails } from '../shared/step-summary.js';
import { publicReport, VALUES_HIDDEN } from './public-report.js';
import { toDoctorReport, type CheckResult, type DoctorReport } from './report.js';
import { decide, problemKey, type WatchState } from './watch-decision.js';

export const ISSUE_LABEL = 'alexa-doctor';
export const ISSUE_MARKER = '<!-- ha-alexa-doctor -->';
const KEYS_PREFIX = '<!-- ha-alexa-doctor-problems: ';
const USAGE = 'usage: npm run doctor:watch -- --report FILE [--state FILE]';

export const main: Main = async (argv, env, io) => {
  const args = parseCliArgs(argv);
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  // Issues of a public repository are public: no address, IP, port or device (publicReport); a
  // private repository's issue shows the measured values with the host replaced, as before.
  const details = summaryShowsDetails(env);
  const read = readReport(args.report);
  const report = details ? hideHost(read) : publicReport(read);
  const previous = readState(args.state);
  const github = new GitHubIssues(githubTarget(env));
  const existing = (await github.listOpen(ISSUE_LABEL)).find((issue) => issue.body?.includes(ISSUE_MARKER) === true);
  const decision = decide(report, previous, existing !== undefined);
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  switch (decision.action) {
    case 'open': {
      const issue = await github.create(issueTitle(decision.problems), issueBody(report, decision.problems, now, runUrl, details), [ISSUE_LABEL]);
      io.out(`Opened issue #${issue.number}: ${decision.reason}.`);
      break;
    }
    case 'update': {
      const issue = existing as GitHubIssue;
      const changed = keysOf(issue.body) !== decision.problems.map(problemKey).join(',');
      await github.update(issue.number, { title: issueTitle(decision.problems), body: issueBody(report, decision.problems, now, runUrl, details) });
      if (changed) await github.comment(issue.number, `The findings changed (${now}):\n\n${problemList(decision.problems, details)}${runUrl ? `\n\n[Doctor run](${runUrl})` : ''}`);
      io.out(`Updated issue #${issue.number}${changed ? ' (findings changed, commented)' : ''}: ${decision.reason}.`);
      break;
    }
    case 'close': {
      const issue = existing as GitHubIssue;
      await github.comment(issue.number, `Every check passes again (${now}). Closing.${runUrl ? `\n\n[Doctor run](${runUrl})` : ''}`);
      await github.update(issue.number, { state: 'closed', state_reason: 'completed' });
      io.out(`Closed issue #${issue.number}: ${decision.reason}.`);
      break;
    }
    case 'wait':
    case 'none':
      io.out(`No issue: ${decision.reason}.`);
      break;
  }
  if (args.state) {
    mkdirSync(dirname(args.state), { recursive: true });
    writeFileSync(args.state, `${JSON.stringify(decision.state)}\n`);
  }
  return 0;
};

/** The report with the Home Assistant host replaced by a neutral name, in every line. */
export function hideHost(report: DoctorReport): DoctorReport {
  let host: string | undefined;
  try {
    host = report.url === null ? undefined : new URL(report.url).hostname;
  } catch {
    host = undefined;
  }
  if (host === undefined || host === '') return report;
  const hide = (text: string): string => text.split(host).join('<your Home Assistant>');
  return { ...report, url: null, checks: report.checks.map((check) => ({ ...check, value: hide(check.value), fix: hide(check.fix) })) };
}

function issueTitle(problems: readonly CheckResult[]): string {
  const names = problems.map((check) => check.title.toLowerCase());
  return `Alexa bridge doctor: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''} need${problems.length === 1 ? 's' : ''} attention`;
}

function problemList(problems: readonly CheckResult[], details: boolean): string {
  const what = (check: CheckResult): string => (details ? `(${check.status}): ${check.value}` : `(${check.status}${check.code ? `, ${check.code}` : ''})`);
  return problems.map((check) => `- **${check.title}** ${what(check)}${check.fix ? `  \n  ${check.fix}` : ''}`).join('\n');
}

function issueBody(report: DoctorReport, problems: readonly CheckResult[], now: string, runUrl: string | undefined, details: boolean): string {
  const rows = report.checks.map((check) => [check.title, check.status, ...(details ? [check.value] : [])]);
  return [
    ISSUE_MARKER,
    `${KEYS_PREFIX}${problems.map(problemKey).join(',')} -->`,
    'The scheduled doctor found problems that will keep Alexa from reaching Home Assistant, or soon will. This issue is updated while they last and closed when every check passes again.',
    '',
    '## What to do',
    '',
    problemList(problems, details),
    '',
    '## All checks',
    '',
    formatMarkdownTable(['Check', 'Status', ...(details ? ['Measured'] : [])], rows),
    '',
    ...(details ? [] : [VALUES_HIDDEN, '']),
    `Last checked ${now}${runUrl ? ` in [this run](${runUrl})` : ''}. Run the doctor yourself from the Actions tab (Doctor → Run workflow).`,
  ].join('\n');
}

function keysOf(body: string | null): string {
  const start = body?.indexOf(KEYS_PREFIX) ?? -1;
  if (body === null || start < 0) return '';
  const end = body.indexOf(' -->', start);
  return body.slice(start + KEYS_PREFIX.length, end < 0 ? undefined : end);
}

function readReport(file: string): DoctorReport {
  if (!existsSync(file)) throw new ScriptError(`--report ${file} does not exist: run npm run doctor -- --lambda --json ${file} first`);
  try {
    return toDoctorReport(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new ScriptError(`--report ${file} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function readState(file: string | undefined): WatchState | undefined {
  if (file === undefined || !existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { unreachableRuns?: unknown };
    return typeof parsed.unreachableRuns === 'number' ? { unreachableRuns: parsed.unreachableRuns } : undefined;
  } catch {
    return undefined;
  }
}

function parseCliArgs(argv: readonly string[]): { report: string; state?: string; help: boolean } {
  const values = parseOptions(argv, { report: { type: 'string' }, state: { type: 'string' } }, USAGE);
  if (!values.help && !values.report) throw new ScriptError(`--report is required; ${USAGE}`);
  return { report: values.report ?? '', help: values.help, ...(values.state ? { state: values.state } : {}) };
}

/* c8 ignore next 3 -- the CLI entry; tests call main() directly */
if (isDirectRun(import.meta.url)) {
  process.exitCode = await runCli('doctor:watch', main);
}
