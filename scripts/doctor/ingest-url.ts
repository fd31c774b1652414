/**
 * The doctor's "Ingest URL" line, checked from outside the function (the Lambda does not know its own
 * URL): the Function URL of `live`, poked without a secret, must answer 401. That proves the URL, its
 * public-access statements and the function's secret check are all live, without sending Alexa
 * anything (a refused poke calls neither Home Assistant nor Amazon).
 *
 * @see https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { RetryOptions } from '../aws/aws-call.js';
import { INGEST_PATH, readFunctionUrl } from '../deploy/events-sheet.js';
import type { CheckResult, DoctorReport } from './report.js';

export const INGEST_CHECK = { name: 'ingest_url', title: 'Ingest URL (Alexa events)' } as const;
const POKE_TIMEOUT_MS = 5000;

/** Pokes the URL without Authorization and judges the answer. */
export async function checkIngestUrl(
  context: { lambda: LambdaClient; retry?: RetryOptions; fetch?: typeof fetch },
  functionName: string,
): Promise<CheckResult> {
  const line = (status: CheckResult['status'], value: string, fix: string, code?: string): CheckResult => ({ ...INGEST_CHECK, status, value, fix, ...(code ? { code } : {}) });
  let found: { url?: string; reason?: string };
  try {
    found = await readFunctionUrl(context, functionName);
  } catch (error) {
    return line('warn', `the Function URL could not be read: ${error instanceof Error ? error.message : String(error)}`, 'Rerun the doctor; if it persists, check the role\'s lambda:GetFunctionUrlConfig on the live alias.', 'url_unreadable');
  }
  if (!found.url) return line('skipped', `no Function URL (${found.reason ?? 'events off'})`, '');
  const target = `${found.url.replace(/\/+$/, '')}${INGEST_PATH}`;
  let status: number;
  try {
    const answer = await (context.fetch ?? fetch)(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, kind: 'start' }),
      signal: AbortSignal.timeout(POKE_TIMEOUT_MS),
    });
    status = answer.status;
    // Read the (small) body so the connection is released; its content is not judged.
    await answer.text();
  } catch (error) {
    const cause = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${POKE_TIMEOUT_MS / 1000} s` : error instanceof Error ? error.message : String(error);
    return line('fail', `an unauthenticated poke got no answer (${cause})`, 'Check that the function runs (the Deploy workflow\'s smoke test) and rerun the doctor.', 'unreachable');
  }
  if (status === 401) return line('ok', 'an unauthenticated poke is refused (401)', '');
  if (status === 403) {
    return line('fail', 'the URL answers 403: its public-access statements are missing', 'Run the bootstrap command with AlexaEvents=on again (npm run events-sheet prints it): it adds lambda:InvokeFunctionUrl and lambda:InvokeFunction through the URL.', 'forbidden');
  }
  if (status === 404) {
    return line('fail', 'the URL answers 404: the deployed function has ALEXA_EVENTS off', 'Set ALEXA_EVENTS: on in config/function.yaml and deploy, or update the stack with AlexaEvents=off if you do not want events.', 'events_off');
  }
  if (status < 300) {
    return line('fail', `the URL accepted a poke without the secret (${status})`, 'Deploy this version of the project, and store HA_EVENTS_SECRET as a GitHub secret: pokes must carry it.', 'open');
  }
  return line('fail', `an unauthenticated poke got ${status} instead of 401`, 'Read the function\'s CloudWatch log for the request, then deploy again.', 'unexpected');
}

/** The report with one more line, its status and `ok` recomputed as the Lambda computes them. */
export function withCheck(report: DoctorReport, check: CheckResult): DoctorReport {
  const checks = [...report.checks, check];
  const statuses = checks.map((entry) => entry.status);
  const status = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'ok';
  return { ...report, checks, status, ok: status !== 'fail' };
}
