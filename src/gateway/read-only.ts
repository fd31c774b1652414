import { customSkillFailure } from '../alexa/custom-skill/index.js';
import { smartHomeFailure } from '../alexa/smart-home/index.js';
import { DIAGNOSTICS_ALIAS } from './diagnostics-alias.js';
import { isObject, type Refusal } from './kinds/kind.js';

/** The Smart Home directives the diagnostics alias answers: they read the home, never change it. */
const READ_ONLY_DIRECTIVES: ReadonlySet<string> = new Set(['Alexa.Discovery.Discover', 'Alexa.ReportState']);

export const READ_ONLY_MESSAGE =
  `The ${DIAGNOSTICS_ALIAS} alias is read-only: it answers Discover, ReportState and {"diagnostics":…} only; Alexa calls the live alias`;

/** `Namespace.Name` of a directive's header, when both are strings. */
function directiveKey(event: unknown): string | undefined {
  const directive = isObject(event) ? event.directive : undefined;
  const header = isObject(directive) ? directive.header : undefined;
  return isObject(header) && typeof header.namespace === 'string' && typeof header.name === 'string' ? `${header.namespace}.${header.name}` : undefined;
}

/**
 * The diagnostics alias's answer to a Smart Home directive: Discover and ReportState go on
 * (undefined); any other directive gets a schema-valid `ErrorResponse` (`INVALID_DIRECTIVE`, or
 * `ACCEPT_GRANT_FAILED` for AcceptGrant), before the settings are read or Home Assistant is called.
 */
export function smartHomeRefusal(event: unknown): Refusal | undefined {
  const key = directiveKey(event);
  if (key !== undefined && READ_ONLY_DIRECTIVES.has(key)) return undefined;
  const answer = key === 'Alexa.Authorization.AcceptGrant'
    ? smartHomeFailure(event, 'ACCEPT_GRANT_FAILED', READ_ONLY_MESSAGE, 'Alexa.Authorization')
    : smartHomeFailure(event, 'INVALID_DIRECTIVE', READ_ONLY_MESSAGE);
  return { answer, operation: (key ?? '?').replace(/[^\w.]/g, '').slice(0, 129) };
}

/** The diagnostics alias's answer to any Custom skill request: a spoken refusal. */
export function customSkillRefusal(event: unknown): Refusal {
  const request = isObject(event) && isObject(event.request) ? event.request : undefined;
  return {
    answer: customSkillFailure(event, 'This is the diagnostics version of the skill: it cannot control your home.'),
    operation: typeof request?.type === 'string' ? request.type.replace(/[^\w.]/g, '').slice(0, 64) : '?',
  };
}
