/**
 * What the doctor answered, made safe to print: the Lambda's `{"diagnostics":"doctor"}` report, or —
 * when the function could not run the doctor — a one-line report that says why.
 */
import type { CheckResult, CheckStatus, DoctorReport } from '../../src/doctor/types.js';

export type { CheckResult, CheckStatus, DoctorReport };

const STATUSES: readonly string[] = ['ok', 'warn', 'fail', 'skipped'];

/** A report with one failing line, for a doctor that could not run at all. */
export function failedReport(name: string, title: string, value: string, fix: string, code = name): DoctorReport {
  return {
    diagnostics: 'doctor',
    ok: false,
    status: 'fail',
    version: 'unknown',
    region: null,
    mode: 'unknown',
    url: null,
    durationMs: 0,
    checks: [{ name, title, status: 'fail', code, value, fix }],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max = 400): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** Reads a function's answer as a doctor report; anything else becomes a failing line that explains it. */
export function toDoctorReport(payload: unknown): DoctorReport {
  if (!isRecord(payload)) return failedReport('answer', 'Doctor answer', `the function answered ${JSON.stringify(payload)?.slice(0, 120) ?? 'nothing'}`, 'Deploy the function again, then rerun the doctor.', 'bad_answer');
  if (payload.diagnostics === 'doctor' && Array.isArray(payload.checks)) {
    const checks: CheckResult[] = payload.checks.filter(isRecord).map((entry) => ({
      name: text(entry.name, 40) || 'unnamed',
      title: text(entry.title, 60) || text(entry.name, 40) || 'unnamed',
      status: (STATUSES.includes(text(entry.status)) ? text(entry.status) : 'fail') as CheckStatus,
      value: text(entry.value),
      fix: text(entry.fix),
      ...(typeof entry.code === 'string' ? { code: text(entry.code, 40) } : {}),
    }));
    const statuses = checks.map((entry) => entry.status);
    const status = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'ok';
    return {
      diagnostics: 'doctor',
      ok: status !== 'fail',
      status,
      version: text(payload.version, 40) || 'unknown',
      region: typeof payload.region === 'string' ? payload.region : null,
      mode: text(payload.mode, 20) || 'unknown',
      url: typeof payload.url === 'string' ? payload.url.slice(0, 200) : null,
      durationMs: typeof payload.durationMs === 'number' ? payload.durationMs : 0,
      checks,
    };
  }
  const problems = Array.isArray(payload.problems) ? payload.problems.filter((item): item is string => typeof item === 'string') : [];
  if (payload.diagnostics === 'health') {
    return failedReport('config', 'Settings', problems.join('; ') || 'the settings are invalid', 'Fix the settings named here (config/parameters.yaml, then npm run sync-parameters, or the function\'s environment) and deploy again.', 'config_invalid');
  }
  if (payload.diagnostics === 'timeout') {
    return failedReport('answer', 'Doctor answer', problems.join('; ') || 'the doctor ran out of time', 'Raise HA_TIMEOUT or the function\'s timeout, and check that Home Assistant answers.', 'timeout');
  }
  if (problems.some((problem) => problem.startsWith('unknown check'))) {
    return failedReport('answer', 'Doctor answer', 'the deployed function does not know the doctor yet', 'Deploy this version of the project (the Deploy workflow), then rerun the doctor.', 'outdated');
  }
  return failedReport('answer', 'Doctor answer', `unexpected answer: ${JSON.stringify(payload).slice(0, 160)}`, 'Deploy the function again, then rerun the doctor.', 'bad_answer');
}
