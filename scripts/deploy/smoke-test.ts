import { runDiscovery, type DiscoveryReport } from './discovery.js';
import { describeFunctionError, invokeJson, type LambdaContext } from '../aws/lambda-invoke.js';
import { plural } from '../shared/format.js';
import { pickStateEndpoint, runReportState, type StateCheck } from './report-state.js';

/** The health event every deploy sends first; the Lambda answers `{ ok, version, mode, problems }`. */
export const HEALTH_EVENT = { diagnostics: 'health' } as const;

export interface HealthReport {
  ok: boolean;
  /** `version 1.2.3, mode native`, or what went wrong. */
  detail: string;
}

export interface SmokeReport {
  ok: boolean;
  reason?: string;
  health: HealthReport;
  discovery?: DiscoveryReport;
  /** The live version's endpoint count, when it could be read. */
  previous?: { version: string; endpoints: number };
  state?: StateCheck;
  /** Acceptable findings worth a line (an allowed drop, an unreachable device). */
  warnings: string[];
}

/**
 * A drop against the live version that fails the smoke test: more than half of its endpoints and
 * more than 5 of them. Homes gain and lose a few devices all the time (an integration reloading, a
 * renamed entity), but a typo in alexa.filter or a URL pointing at another Home Assistant loses most
 * of them; in a small home (say 8 → 3) a drop of 5 or fewer is still a normal edit.
 */
export function isLargeDrop(before: number, after: number): boolean {
  const lost = before - after;
  return lost > 5 && lost > before / 2;
}

/** Invokes the health event and reads the answer. */
export async function checkHealth(context: LambdaContext, functionName: string, qualifier: string): Promise<HealthReport> {
  const outcome = await invokeJson(context, functionName, qualifier, HEALTH_EVENT);
  if (outcome.functionError) return { ok: false, detail: describeFunctionError(outcome) };
  const answer = outcome.payload as { diagnostics?: unknown; ok?: unknown; version?: unknown; mode?: unknown; problems?: unknown } | null;
  if (answer?.diagnostics !== 'health' || typeof answer.ok !== 'boolean') {
    return { ok: false, detail: `the function did not answer the health event (it answered ${outcome.raw.slice(0, 120) || 'nothing'})` };
  }
  const problems = Array.isArray(answer.problems) ? answer.problems.map(String) : [];
  if (!answer.ok) return { ok: false, detail: `the function reports a configuration problem: ${problems.join('; ') || 'no details'}` };
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '?');
  return { ok: true, detail: `version ${text(answer.version)}, mode ${text(answer.mode)}` };
}

export interface SmokeInput {
  functionName: string;
  version: string;
  token?: string;
  /** The version the alias points to now: its discovery is the baseline for the endpoint count. */
  previousVersion?: string;
  /** Accept a large drop in endpoints (an intended filter change): a warning instead of a failure. */
  allowFewerEndpoints?: boolean;
  /** Name the device the ReportState check used in the log (false in a public repository's Actions log). */
  logDevices?: boolean;
}

/**
 * The deploy's smoke test on a published version: the health event, a real Discovery (with
 * `token` as Alexa would send it, or the stored token without) that must find endpoints and not
 * far fewer than the live version, and a ReportState of one endpoint. Nothing is ever switched.
 * All must pass before the alias moves.
 */
export async function runSmokeTest(context: LambdaContext, input: SmokeInput): Promise<SmokeReport> {
  const { io } = context;
  const token = input.token ? { token: input.token } : {};
  const health = await checkHealth(context, input.functionName, input.version);
  io.out(`  health: ${health.ok ? 'ok' : 'FAILED'}, ${health.detail}`);
  if (!health.ok) return { ok: false, reason: `health check: ${health.detail}`, health, warnings: [] };
  const discovery = await runDiscovery(context, { functionName: input.functionName, qualifier: input.version, ...token });
  const report: SmokeReport = { ok: false, health, discovery, warnings: [] };
  const previous = discovery.ok ? await previousCount(context, input) : undefined;
  if (previous) report.previous = previous;
  const compared = previous ? ` (version ${previous.version} has ${previous.endpoints})` : '';
  io.out(`  discovery: ${discovery.ok ? `ok, ${plural(discovery.endpoints.length, 'endpoint')}${compared}` : `FAILED, ${discovery.reason ?? ''}`}`);
  for (const warning of discovery.warnings) io.err(`  warning: ${warning}`);
  if (!discovery.ok) return { ...report, reason: `discovery: ${discovery.reason ?? 'failed'}` };
  if (previous && isLargeDrop(previous.endpoints, discovery.endpoints.length)) {
    const drop =
      `${plural(discovery.endpoints.length, 'endpoint')}, down from ${previous.endpoints} on version ${previous.version} (the live version): ` +
      'check alexa.filter in config/parameters.yaml and homeassistant.url';
    if (!input.allowFewerEndpoints) return { ...report, reason: `discovery: ${drop}; if the drop is intended, deploy with --allow-fewer-endpoints` };
    report.warnings.push(`${drop} (accepted: --allow-fewer-endpoints)`);
  }
  const endpoint = pickStateEndpoint(discovery.endpoints);
  if (endpoint) {
    const state = await runReportState(context, { functionName: input.functionName, qualifier: input.version, endpoint, ...token });
    report.state = state;
    io.out(`  state: ${state.ok ? 'ok' : 'FAILED'}${input.logDevices === false && state.ok ? '' : `, ${state.detail}`}`);
    if (!state.ok) return { ...report, reason: `state of ${endpoint.endpointId}: ${state.detail}` };
    if (state.warning) report.warnings.push(state.warning);
  }
  for (const warning of report.warnings) io.err(`  warning: ${warning}`);
  return { ...report, ok: true };
}

/** The endpoint count of the version the alias points to now, or undefined when it has none to compare (another build, a placeholder). */
async function previousCount(context: LambdaContext, input: SmokeInput): Promise<{ version: string; endpoints: number } | undefined> {
  if (!input.previousVersion || input.previousVersion === input.version) return undefined;
  const previous = await runDiscovery(context, { functionName: input.functionName, qualifier: input.previousVersion, ...(input.token ? { token: input.token } : {}) });
  return previous.ok ? { version: input.previousVersion, endpoints: previous.endpoints.length } : undefined;
}
