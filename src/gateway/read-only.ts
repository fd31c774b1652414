import { customSkillFailure } from '../alexa/custom-skill/index.js';
import { smartHomeFailure } from '../alexa/smart-home/index.js';
import type { RequestKind } from './context.js';
import { DIAGNOSTICS_ALIAS } from './diagnostics-alias.js';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

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
 * The refusal of a request the diagnostics alias does not answer, or undefined when it answers it:
 * Discover, ReportState and diagnostics events go on; every other Smart Home directive gets a
 * schema-valid `ErrorResponse` (`INVALID_DIRECTIVE`, or `ACCEPT_GRANT_FAILED` for AcceptGrant) and
 * every Custom skill request a spoken refusal, before the settings are read or Home Assistant is called.
 */
export function readOnlyRefusal(kind: RequestKind, event: unknown): unknown {
  switch (kind) {
    case 'diagnostics':
    case 'unknown':
      return undefined;
    case 'smart-home': {
      const key = directiveKey(event);
      if (key !== undefined && READ_ONLY_DIRECTIVES.has(key)) return undefined;
      return key === 'Alexa.Authorization.AcceptGrant'
        ? smartHomeFailure(event, 'ACCEPT_GRANT_FAILED', READ_ONLY_MESSAGE, 'Alexa.Authorization')
        : smartHomeFailure(event, 'INVALID_DIRECTIVE', READ_ONLY_MESSAGE);
    }
    case 'custom-skill':
      return customSkillFailure(event, 'This is the diagnostics version of the skill: it cannot control your home.');
  }
}

/** `Namespace.Name` of the refused request, for the log line. */
export function refusedOperation(kind: RequestKind, event: unknown): string {
  if (kind === 'smart-home') return (directiveKey(event) ?? '?').replace(/[^\w.]/g, '').slice(0, 129);
  const request = isObject(event) && isObject(event.request) ? event.request : undefined;
  return typeof request?.type === 'string' ? request.type.replace(/[^\w.]/g, '').slice(0, 64) : '?';
}
