/**
 * `{"diagnostics":"doctor"}`: every check of the user's setup, run from inside the Lambda (so it sees
 * AWS's DNS, egress and TLS path, as Alexa's calls do), in parallel, within the invocation's budget.
 * A lazily loaded chunk: a Smart Home cold start never loads it.
 *
 * @example
 * // Lambda test event, optionally naming checks and the skill's locales:
 * // {"diagnostics":"doctor","checks":["tls","token"],"locales":["en-US","de-DE"]}
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { functionVersion } from '../config/index.js';
import { awsRegion } from '../config/env.js';
import type { RequestContext } from '../gateway/context.js';
import { cfAccessOf } from '../homeassistant/cloudflare.js';
import { DOCTOR_CHECKS } from './checks/index.js';
import { Probe, type ProbeResult } from './probe.js';
import type { CheckResult, DoctorCheck, DoctorContext, DoctorReport, DoctorRequest, Lookup } from './types.js';

export type { CheckResult, CheckStatus, DoctorReport } from './types.js';
export { CHECK_STATUSES } from './types.js';

/** What tests replace: the address lookup, the account-linking port and the region. */
export interface DoctorOverrides {
  readonly lookup?: Lookup;
  readonly linkingPort?: number;
  readonly region?: string;
}

const MAX_TEXT = 400;
const MAX_REQUESTED = 20;

const defaultLookup: Lookup = (host) => dnsLookup(host, { all: true });

/** Reads `checks` and `locales` from the event, keeping only short strings. */
export function parseDoctorRequest(event: unknown): DoctorRequest {
  const fields = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  const strings = (value: unknown): string[] | undefined =>
    Array.isArray(value)
      ? value
          .filter((item): item is string => typeof item === 'string')
          .slice(0, MAX_REQUESTED)
          .map((item) => item.replace(/[^\w.-]/g, '').slice(0, 40))
      : undefined;
  const checks = strings(fields.checks);
  const locales = strings(fields.locales)?.filter((locale) => locale !== '');
  return { ...(checks === undefined ? {} : { checks }), ...(locales === undefined || locales.length === 0 ? {} : { locales }) };
}

export async function runDoctor(ctx: RequestContext, event: unknown, overrides: DoctorOverrides = {}): Promise<DoctorReport> {
  const started = performance.now();
  const { config } = ctx;
  const request = parseDoctorRequest(event);
  const region = overrides.region ?? awsRegion();
  const base = { diagnostics: 'doctor' as const, version: functionVersion(), region: region ?? null, mode: config.alexaMode };
  const finish = (checks: CheckResult[], url: string | null): DoctorReport => {
    const report = summarize({ ...base, url, checks }, started);
    if (!report.ok) {
      ctx.invocation.outcome = 'error';
      ctx.invocation.errorType = 'DOCTOR_FAIL';
      ctx.invocation.errorMessage = report.checks.filter((check) => check.status === 'fail').map((check) => check.name).join(', ');
    }
    return scrub(scrub(report, ctx.config.homeAssistantToken), ctx.config.cfAccessClientSecret);
  };

  const known = new Set(DOCTOR_CHECKS.map((check) => check.name));
  const unknown = (request.checks ?? []).filter((name) => !known.has(name));
  const wanted = (request.checks ?? []).filter((name) => known.has(name));
  const selected = wanted.length === 0 ? DOCTOR_CHECKS : DOCTOR_CHECKS.filter((check) => wanted.includes(check.name));
  const requestNotes: CheckResult[] = unknown.length === 0 ? [] : [{
    name: 'request',
    title: 'Doctor request',
    status: 'warn',
    code: 'unknown_check',
    value: `unknown checks: ${unknown.join(', ')}`,
    fix: `Name checks from: ${[...known].join(', ')}.`,
  }];

  if (!config.homeAssistantEnabled || config.homeAssistantUrl === undefined) {
    return finish([...requestNotes, {
      name: 'config',
      title: 'Settings',
      status: 'fail',
      code: 'no_url',
      value: config.homeAssistantEnabled ? 'HOME_ASSISTANT_URL is not set' : 'HOME_ASSISTANT_ENABLED=false',
      fix: 'Set HOME_ASSISTANT_URL (the homeassistant/url parameter) to the public https address of Home Assistant and HOME_ASSISTANT_ENABLED=true.',
    }], null);
  }
  const url = new URL(config.homeAssistantUrl);
  const token = config.homeAssistantToken;
  const access = cfAccessOf(config);
  const probe = new Probe({
    baseUrl: url,
    verifySsl: config.verifySsl,
    caBundle: config.caBundle,
    deadline: ctx.deadline,
    ...(access === undefined ? {} : { headers: { 'CF-Access-Client-Id': access.clientId, 'CF-Access-Client-Secret': access.clientSecret } }),
  });
  const memo = new Map<string, Promise<unknown>>();
  const shared = <T>(key: string, work: () => Promise<T>): Promise<T> => {
    let promise = memo.get(key) as Promise<T> | undefined;
    if (promise === undefined) {
      promise = work();
      memo.set(key, promise);
    }
    return promise;
  };
  const doctor: DoctorContext = {
    config,
    url,
    token,
    deadline: ctx.deadline,
    region,
    locales: request.locales ?? [config.alexaLocale],
    probe,
    apiCall: () => shared<ProbeResult>('api', () => probe.request({ method: 'GET', path: '/api/', token, maxBytes: 64 * 1024 })),
    shared,
    lookup: overrides.lookup ?? defaultLookup,
    linkingPort: overrides.linkingPort ?? 443,
  };
  try {
    const results = await Promise.all(selected.map((check) => runOne(check, doctor)));
    return finish([...requestNotes, ...results], `${url.protocol}//${url.host}`);
  } finally {
    probe.close();
  }
}

async function runOne(check: DoctorCheck, ctx: DoctorContext): Promise<CheckResult> {
  try {
    const result = await check.run(ctx);
    return { name: check.name, title: check.title, ...result, value: clip(result.value), fix: clip(result.fix) };
  } catch (error) {
    // A bug in one check must not hide the others.
    return { name: check.name, title: check.title, status: 'fail', code: 'internal', value: clip(`the check itself failed: ${error instanceof Error ? error.message : String(error)}`), fix: 'Report this at the project\'s issue tracker, with this line.' };
  }
}

function summarize(report: Omit<DoctorReport, 'ok' | 'status' | 'durationMs'>, started: number): DoctorReport {
  const statuses = report.checks.map((check) => check.status);
  const status = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'ok';
  return { ...report, ok: status !== 'fail', status, durationMs: Math.round(performance.now() - started) };
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/** The token (and the Access secret) never leaves in a report, whatever a page echoed back. */
function scrub(report: DoctorReport, token: string | undefined): DoctorReport {
  if (token === undefined || token.length < 4) return report;
  const clean = (text: string): string => text.split(token).join('[redacted]');
  return {
    ...report,
    url: report.url === null ? null : clean(report.url),
    checks: report.checks.map((check) => ({ ...check, value: clean(check.value), fix: clean(check.fix) })),
  };
}
