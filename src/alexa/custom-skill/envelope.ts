/**
 * Reads the parts of an Alexa Custom skill request that the handler uses, checking each field's type
 * at this edge (the event is untrusted JSON); past it the handler trusts {@link SkillRequest}. Field
 * names follow `ask-sdk-model`'s `RequestEnvelope`.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html
 */
type JsonObject = Record<string, unknown>;

/** The Alexa API a progressive response goes to (`context.System`). */
export interface AlexaApi {
  readonly endpoint: string;
  readonly accessToken: string;
}

export interface SkillRequest {
  /** `request.type`, e.g. `LaunchRequest`, `IntentRequest`, `SessionEndedRequest`. */
  readonly type: string;
  readonly requestId: string;
  /** `request.locale`, e.g. `en-US`; undefined when Alexa sends none. */
  readonly locale: string | undefined;
  /** For an `IntentRequest`: the intent name and each slot's value (empty for other requests). */
  readonly intent: { readonly name: string; readonly slots: ReadonlyMap<string, string> };
  /** `session.application.applicationId`, else `context.System.application.applicationId`. */
  readonly applicationId: string | undefined;
  /** The account-linking token (`session.user.accessToken`, else `context.System.user.accessToken`). */
  readonly accessToken: string | undefined;
  /** Present when the request allows a progressive response. */
  readonly api: AlexaApi | undefined;
  /** `session.attributes` as Alexa echoed them back. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** For a `SessionEndedRequest`: `reason` and `error.type`. */
  readonly ended: { readonly reason: string | undefined; readonly errorType: string | undefined } | undefined;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function child(value: unknown, key: string): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const next = value[key];
  return isObject(next) ? next : undefined;
}

/**
 * What is wrong with a Custom skill envelope, or undefined when it has `version: "1.0"` and a
 * `request` object with a `type`. Safe to log: it quotes no value longer than a few characters.
 */
export function envelopeProblem(event: unknown): string | undefined {
  const version = isObject(event) ? event.version : undefined;
  if (version !== '1.0') return `Custom skill request: version must be "1.0", got ${describeValue(version)}`;
  const request = child(event, 'request');
  if (request === undefined) return 'Custom skill request: request is missing or not an object';
  if (text(request.type) === undefined) return 'Custom skill request: request.type is missing';
  return undefined;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length <= 8 ? JSON.stringify(logSafe(value)) : `a string of ${value.length} characters`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null ? 'null' : value === undefined ? 'nothing' : `a ${Array.isArray(value) ? 'list' : typeof value}`;
}

/** Reads a Custom skill request; undefined when the event has no `request.type` (not a Custom skill request). */
export function readSkillRequest(event: unknown): SkillRequest | undefined {
  const request = child(event, 'request');
  const type = text(request?.type);
  if (request === undefined || type === undefined) return undefined;
  const session = child(event, 'session');
  const system = child(child(event, 'context'), 'System');
  const endpoint = text(system?.apiEndpoint);
  const apiToken = text(system?.apiAccessToken);
  return {
    type,
    requestId: text(request.requestId) ?? '',
    locale: text(request.locale),
    intent: readIntent(type === 'IntentRequest' ? request.intent : undefined),
    applicationId: text(child(session, 'application')?.applicationId) ?? text(child(system, 'application')?.applicationId),
    accessToken: text(child(session, 'user')?.accessToken) ?? text(child(system, 'user')?.accessToken),
    api: endpoint !== undefined && apiToken !== undefined ? { endpoint, accessToken: apiToken } : undefined,
    attributes: child(session, 'attributes') ?? {},
    ended: type === 'SessionEndedRequest' ? { reason: text(request.reason), errorType: text(child(request, 'error')?.type) } : undefined,
  };
}

function readIntent(intent: unknown): SkillRequest['intent'] {
  // A Map, not an object: slot names come from the request, and `__proto__` must stay a plain key.
  const slots = new Map<string, string>();
  if (!isObject(intent)) return { name: '', slots };
  for (const [key, slot] of Object.entries(child(intent, 'slots') ?? {})) {
    const value = isObject(slot) ? text(slot.value) : undefined;
    if (value !== undefined) slots.set(key, value);
  }
  return { name: text(intent.name) ?? '', slots };
}

/** A value safe to write in a log line: word characters and `.:-_` only, at most 80 characters. */
export function logSafe(value: string): string {
  return value.replace(/[^\w.:-]/g, '').slice(0, 80);
}
