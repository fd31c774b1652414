import { runDiscovery, type DiscoveryReport } from './discovery.js';
import { describeFunctionError, invokeJson, type LambdaContext } from '../aws/lambda-invoke.js';
import { plural } from '../shared/format.js';

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

/**
 * The deploy's smoke test on a published version: the health event, then a real Discovery
 * (with `token` as Alexa would send it, or the stored token without). Both must pass before the
 * alias moves.
 */
export async function runSmokeTest(context: LambdaContext, input: { functionName: string; version: string; token?: string }): Promise<SmokeReport> {
  const { io } = context;
  const health = await checkHealth(context, input.functionName, input.version);
  io.out(`  health: ${health.ok ? 'ok' : 'FAILED'}, ${health.detail}`);
  if (!health.ok) return { ok: false, reason: `health check: ${health.detail}`, health };
  const discovery = await runDiscovery(context, { functionName: input.functionName, qualifier: input.version, ...(input.token ? { token: input.token } : {}) });
  io.out(`  discovery: ${discovery.ok ? `ok, ${plural(discovery.endpoints.length, 'endpoint')}` : `FAILED, ${discovery.reason ?? ''}`}`);
  for (const warning of discovery.warnings) io.err(`  warning: ${warning}`);
  if (!discovery.ok) return { ok: false, reason: `discovery: ${discovery.reason ?? 'failed'}`, health, discovery };
  return { ok: true, health, discovery };
}
