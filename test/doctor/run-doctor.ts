/** Runs the doctor the way the gateway does, with the settings given as environment variables. */
import { loadConfig } from '../../src/config/index.js';
import { runDoctor, type DoctorOverrides } from '../../src/doctor/index.js';
import type { DoctorReport, CheckResult } from '../../src/doctor/types.js';
import type { RequestContext } from '../../src/gateway/context.js';
import { budgetMs, createDeadline } from '../../src/gateway/deadline.js';
import { Logger } from '../../src/logging/logger.js';
import { setLambdaEnv } from '../fixtures/lambda-env.js';

export const TOKEN = 'doctor-test-token-0123456789abcdef';

export function useEnv(env: Record<string, string>): void {
  // The region check also reads the AWS region the runtime sets.
  setLambdaEnv(env, ['AWS_REGION', 'AWS_DEFAULT_REGION']);
}

export async function doctor(env: Record<string, string>, event: unknown = { diagnostics: 'doctor' }, overrides: DoctorOverrides = {}): Promise<DoctorReport> {
  useEnv(env);
  const loaded = await loadConfig();
  if (loaded.config === undefined) throw new Error(`bad test settings: ${loaded.errors.join('; ')}`);
  const config = loaded.config;
  const deadline = createDeadline(budgetMs({ timeoutSeconds: config.timeoutSeconds, alexaBudgetMs: undefined, lambdaRemainingMs: undefined }));
  const ctx: RequestContext = {
    requestId: 'doctor-test',
    config,
    logger: new Logger(),
    deadline,
    invocation: { outcome: 'ok', haCalls: [], detail: {} },
    haClient: () => {
      throw new Error('the doctor makes its own calls');
    },
  };
  try {
    return await runDoctor(ctx, event, overrides);
  } finally {
    deadline.dispose();
  }
}

/** The one result of a check in the report. */
export function check(report: DoctorReport, name: string): CheckResult {
  const found = report.checks.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no ${name} line in ${report.checks.map((entry) => entry.name).join(', ')}`);
  return found;
}
