/**
 * Diagnostics events (`{"diagnostics":"health"|"ping"|"doctor"}`), sent by the deploy, the Doctor and
 * the Discovery test: answered even with `HOME_ASSISTANT_ENABLED=false` and through the diagnostics
 * alias, with only Lambda's remaining time as budget.
 */
import { DIAGNOSTICS, healthReport, runDiagnostics, type DiagnosticsCheck } from '../diagnostics.js';
import { scrubAnswer } from '../scrub-answer.js';
import type { RequestKindEntry } from './kind.js';

export const diagnosticsKind: RequestKindEntry = {
  name: 'diagnostics',
  describes: `{"diagnostics":${DIAGNOSTICS.map((check) => `"${check}"`).join('|')}}`,
  recognises: (event) => typeof event.diagnostics === 'string',
  budgetMs: undefined,
  refuseThroughDiagnosticsAlias: () => undefined,
  run: async (event, ctx) => {
    const requested = (event as { diagnostics: string }).diagnostics;
    const check = (DIAGNOSTICS as readonly string[]).includes(requested) ? (requested as DiagnosticsCheck) : undefined;
    if (check === undefined) {
      ctx.invocation.outcome = 'error';
      ctx.invocation.errorType = 'UNKNOWN_DIAGNOSTICS';
      return { diagnostics: requested.slice(0, 40), ok: false, problems: [`unknown check; use one of: ${DIAGNOSTICS.join(', ')}`] };
    }
    return runDiagnostics(check, ctx, event);
  },
  fails: {
    // No `disabled`: diagnostics run with Home Assistant switched off (ping then says so).
    late: (_event, budgetMs) => ({ diagnostics: 'timeout', ok: false, problems: [`no answer within ${budgetMs} ms`] }),
    settingsTimeout: (_event, message) => healthReport(undefined, [message]),
    config: (_event, problems) => healthReport(undefined, problems),
    internal: () => healthReport(undefined, ['internal error, see the log']),
  },
  shape: (answer, secrets) => scrubAnswer(answer, secrets),
};
