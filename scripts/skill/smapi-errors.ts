/**
 * SMAPI's failures as one line that says what to fix: a manifest field, a missing permission, a
 * refused token. SMAPI answers `{ message, violations: [{ code, message }] }` on a 400, and puts
 * build errors in the status resource.
 *
 * @see https://developer.amazon.com/docs/alexa/smapi/skill-operations.html
 */
import { ScriptError } from '../shared/errors.js';
import { RENEW_REFRESH_TOKEN } from './lwa.js';
import type { StatusMessage } from './smapi-types.js';

/** An SMAPI answer other than 2xx; `describeSmapiError` turns it into the line the user sees. */
export class SmapiError extends ScriptError {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown, what: string) {
    super(`SMAPI answered ${status} to ${what}: ${summarize(body)}`);
    this.name = 'SmapiError';
    this.status = status;
    this.body = body;
  }
}

/**
 * The one-line reason for a failed SMAPI call.
 *
 * @param what what was being done, e.g. `update the Smart Home skill's manifest`
 * @param source the file that holds what was sent, e.g. `skill-package/smart-home/skill.json`
 */
export function describeSmapiError(err: SmapiError, what: string, source?: string): ScriptError {
  const fields = violations(err.body);
  const from = source ? ` (${source})` : '';
  switch (err.status) {
    case 400:
      return new ScriptError(`SMAPI rejected ${what}${from}: ${fields.length > 0 ? fields.join('; ') : summarize(err.body)}`, { cause: err });
    case 401:
      return new ScriptError(`SMAPI refused the access token made from LWA_REFRESH_TOKEN while trying to ${what} (401: ${summarize(err.body)}); ${RENEW_REFRESH_TOKEN}`, { cause: err });
    case 403:
      return new ScriptError(
        `SMAPI denied permission to ${what} (403: ${summarize(err.body)}): LWA_REFRESH_TOKEN must come from the Amazon developer account that owns the skills, with the scopes alexa::ask:skills:readwrite and alexa::ask:models:readwrite; ${RENEW_REFRESH_TOKEN}`,
        { cause: err },
      );
    case 429:
      return new ScriptError(`SMAPI is throttling requests (429) while trying to ${what}: run the workflow again in a few minutes`, { cause: err });
    default:
      return new ScriptError(`SMAPI answered ${err.status} while trying to ${what}: ${summarize(err.body)}`, { cause: err });
  }
}

/** Build errors from the status resource, each as `field: message`. */
export function describeStatusErrors(errors: readonly StatusMessage[] | undefined): string {
  if (!errors || errors.length === 0) return 'no reason given';
  return errors.map((error) => withField(error.message, error.validationDetails?.originalInstance?.propertyPath)).join('; ');
}

/** `violations[].message`, each led by the field it names. */
function violations(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.violations)) return [];
  return body.violations.filter(isRecord).map((violation) => withField(typeof violation.message === 'string' ? violation.message : 'invalid value', undefined));
}

/**
 * `Instance at property path "$.manifest.apis.smartHome.endpoint.uri" has invalid …` →
 * `field manifest.apis.smartHome.endpoint.uri: Instance at property path … has invalid …`.
 */
function withField(message: string, propertyPath: string | undefined): string {
  const path = propertyPath ?? /property path "([^"]+)"/i.exec(message)?.[1] ?? /path ([$\w.[\]-]+)/i.exec(message)?.[1];
  const field = path?.replace(/^\$\.?/, '');
  return field ? `field ${field}: ${message}` : message;
}

function summarize(body: unknown): string {
  if (isRecord(body) && typeof body.message === 'string') return body.message;
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 200);
  return 'no details';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
