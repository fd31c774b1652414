import { functionVersion, type Config } from '../config/index.js';
import type { DoctorReport } from '../doctor/index.js';
import { loadDoctor } from '../lazy.js';
import type { RequestContext } from './context.js';
import { missingTokenMessage } from './token.js';

/**
 * Diagnostics events: `{"diagnostics":"health"}` (no Home Assistant call), `{"diagnostics":"ping"}` and
 * `{"diagnostics":"doctor"}` (every check of the setup, see `src/doctor/`).
 */
export const DIAGNOSTICS = ['health', 'ping', 'doctor'] as const;
export type DiagnosticsCheck = (typeof DIAGNOSTICS)[number];

/** `{"diagnostics":"health"}` answer: the function is alive and its configuration is valid. */
export interface HealthReport {
  readonly diagnostics: 'health';
  readonly ok: boolean;
  readonly version: string;
  readonly mode: string | null;
  readonly preset: string | null;
  readonly parameterStore: boolean | null;
  readonly problems: readonly string[];
}

/** `{"diagnostics":"ping"}` answer: Home Assistant answered `GET /api/` with the stored token. */
export interface PingReport {
  readonly diagnostics: 'ping';
  readonly ok: boolean;
  readonly status: number | null;
  readonly latencyMs: number | null;
  readonly problems: readonly string[];
}

export function healthReport(config: Config | undefined, problems: readonly string[]): HealthReport {
  return {
    diagnostics: 'health',
    ok: config !== undefined && problems.length === 0,
    version: functionVersion(),
    mode: config?.alexaMode ?? null,
    preset: config?.featurePreset ?? null,
    parameterStore: config?.useParameterStore ?? null,
    problems,
  };
}

export async function runDiagnostics(check: DiagnosticsCheck, ctx: RequestContext, event?: unknown): Promise<HealthReport | PingReport | DoctorReport> {
  ctx.invocation.operation = `diagnostics:${check}`;
  if (check === 'health') return healthReport(ctx.config, []);
  if (check === 'doctor') return (await loadDoctor()).runDoctor(ctx, event);
  const { config } = ctx;
  if (config.homeAssistantUrl === undefined || !config.homeAssistantEnabled) {
    return { diagnostics: 'ping', ok: false, status: null, latencyMs: null, problems: ['Home Assistant is disabled or has no URL'] };
  }
  if (config.homeAssistantToken === undefined) {
    return { diagnostics: 'ping', ok: false, status: null, latencyMs: null, problems: [missingTokenMessage(config)] };
  }
  const started = performance.now();
  try {
    const status = await ctx.haClient(config.homeAssistantToken).ping();
    return { diagnostics: 'ping', ok: true, status, latencyMs: Math.round(performance.now() - started), problems: [] };
  } catch (error) {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : null;
    ctx.invocation.outcome = 'error';
    ctx.invocation.errorType = (error as { kind?: string }).kind ?? 'internal';
    return {
      diagnostics: 'ping',
      ok: false,
      status,
      latencyMs: Math.round(performance.now() - started),
      problems: [error instanceof Error ? error.message : String(error)],
    };
  }
}
