/**
 * Home Assistant's pokes on the Function URL (payload format 2.0, `POST /v1/ha/push`): the events code
 * (`src/alexa/events/`, a lazily loaded chunk) reports what changed to Alexa. Every answer is an HTTP
 * answer Home Assistant's `rest_command` shows in the automation trace; none carries detail about the
 * settings beyond a sentence.
 */
import { isFunctionUrlEvent, urlAnswer, type FunctionUrlEvent } from '../../alexa/events/function-url.js';
import { ALEXA_BUDGET_MS } from '../../config/index.js';
import { loadEvents } from '../../alexa/events/loader.js';
import { scrubAnswer } from '../scrub-answer.js';
import type { RequestKindEntry } from './kind.js';

export const ingestKind: RequestKindEntry = {
  name: 'ingest',
  describes: 'Home Assistant\'s pokes on the Function URL (POST /v1/ha/push)',
  recognises: (event) => isFunctionUrlEvent(event),
  // The same budget as Alexa's requests (the rest_command gives the call 10 s).
  budgetMs: ALEXA_BUDGET_MS,
  // A poke can delete a revoked grant and sends events: not a read-only request.
  refuseThroughDiagnosticsAlias: () => ({ answer: urlAnswer(403, { message: 'The diagnostics alias does not take pokes; use the Function URL of the live alias' }), operation: 'ingest' }),
  run: async (event, ctx) => (await loadEvents()).handleIngest(event as FunctionUrlEvent, ctx),
  fails: {
    disabled: () => urlAnswer(503, { message: 'The Home Assistant integration is switched off (HOME_ASSISTANT_ENABLED=false)' }),
    late: (_event, budgetMs) => urlAnswer(504, { message: `No answer within ${budgetMs} ms` }),
    settingsTimeout: () => urlAnswer(503, { message: 'The Alexa bridge could not load its settings in time' }),
    config: () => urlAnswer(500, { message: 'The Alexa bridge is misconfigured; its log names the settings at fault' }),
    internal: () => urlAnswer(500, { message: 'Internal error; see the log' }),
  },
  shape: (answer, secrets) => scrubAnswer(answer, secrets),
};
