/** Alexa Smart Home directives (`{"directive":…}`), answered in native or proxy mode. */
import { handleSmartHome, smartHomeFailure } from '../../alexa/smart-home/index.js';
import { ALEXA_BUDGET_MS } from '../../config/index.js';
import { smartHomeRefusal } from '../read-only.js';
import { echoesOf, scrubAnswer } from '../scrub-answer.js';
import type { RequestKindEntry } from './kind.js';

const misconfigured = (event: unknown, problems: readonly string[]): unknown =>
  smartHomeFailure(event, 'INTERNAL_ERROR', `The Alexa bridge is misconfigured: ${problems.join('; ')}`);

export const smartHomeKind: RequestKindEntry = {
  name: 'smart-home',
  describes: 'Alexa Smart Home directives ({"directive":…})',
  // A malformed directive is still a directive: the handler answers it with INVALID_DIRECTIVE.
  recognises: (event) => 'directive' in event,
  budgetMs: ALEXA_BUDGET_MS,
  refuseThroughDiagnosticsAlias: smartHomeRefusal,
  // The native translator is a lazily loaded chunk, imported by handleSmartHome on first use.
  run: handleSmartHome,
  fails: {
    disabled: (event) => smartHomeFailure(event, 'BRIDGE_UNREACHABLE', 'The Home Assistant integration is switched off (HOME_ASSISTANT_ENABLED=false)'),
    late: (event, budgetMs) => smartHomeFailure(event, 'BRIDGE_UNREACHABLE', `Home Assistant did not answer within ${budgetMs} ms`),
    settingsTimeout: (event, message) => smartHomeFailure(event, 'INTERNAL_ERROR', message),
    config: misconfigured,
    internal: (event) => misconfigured(event, ['internal error, see the log']),
  },
  // Alexa needs the directive's correlation token and scope token back untouched; see echoesOf.
  shape: (answer, secrets, event) => scrubAnswer(answer, secrets, echoesOf(event)),
};
