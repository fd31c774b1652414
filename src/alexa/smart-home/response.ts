/**
 * Builders for every message the bridge sends to Alexa. Each answer echoes the directive's
 * `correlationToken` and endpoint and gets a fresh UUID `messageId`, so that Alexa accepts it.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-response.html
 */
import { randomUUID } from 'node:crypto';
import type { Directive } from './directive.js';
import { scrubShapes } from '../../logging/redact.js';
import type { AlexaError } from './errors.js';

/** One property in `context.properties` (or a StateReport). */
export interface ReportedProperty {
  readonly namespace: string;
  readonly instance?: string;
  readonly name: string;
  readonly value: unknown;
  readonly timeOfSample: string;
  readonly uncertaintyInMilliseconds: number;
}

export interface AlexaMessage {
  readonly event: {
    readonly header: Record<string, unknown>;
    readonly endpoint?: Record<string, unknown>;
    readonly payload: Record<string, unknown>;
  };
  readonly context?: { readonly properties: readonly ReportedProperty[] };
}

export interface ResponseOptions {
  readonly namespace?: string;
  readonly name?: string;
  readonly payload?: Record<string, unknown>;
  /** Properties for `context`; omitted entirely when undefined. */
  readonly properties?: readonly ReportedProperty[];
  /** Leave out the endpoint (Discover.Response, AcceptGrant.Response). */
  readonly withoutEndpoint?: boolean;
}

function header(namespace: string, name: string, correlationToken: string | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = { namespace, name, payloadVersion: '3', messageId: randomUUID() };
  if (correlationToken !== undefined) result.correlationToken = correlationToken;
  return result;
}

/**
 * The endpoint echoed in an answer: `endpointId`, plus the directive's `scope` and `cookie`, as
 * Amazon's samples do. The scope is echoed only when it is a `BearerToken` with a token: anything else
 * would make the answer fail Amazon's schema.
 */
function echoEndpoint(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  if (isBearerScope(raw.scope)) result.scope = raw.scope;
  result.endpointId = raw.endpointId;
  if (raw.cookie !== undefined && Object.keys(raw.cookie as object).length > 0) result.cookie = raw.cookie;
  return result;
}

/** `Alexa.Response` (or the named response) for a directive. */
export function buildResponse(directive: Directive, options: ResponseOptions = {}): AlexaMessage {
  const event: { header: Record<string, unknown>; endpoint?: Record<string, unknown>; payload: Record<string, unknown> } = {
    header: header(options.namespace ?? 'Alexa', options.name ?? 'Response', directive.correlationToken),
    payload: options.payload ?? {},
  };
  if (options.withoutEndpoint !== true && directive.endpoint !== undefined) event.endpoint = echoEndpoint(directive.endpoint.raw);
  return options.properties === undefined ? { event } : { event, context: { properties: options.properties } };
}

/**
 * An `ErrorResponse` built from whatever the event holds (it may be malformed): the correlation
 * token and endpointId are echoed when they are strings.
 */
export function buildErrorFromEvent(event: unknown, namespace: string, type: string, message: string, extra: Record<string, unknown> = {}): AlexaMessage {
  const directive = isObject(event) && isObject(event.directive) ? event.directive : {};
  const head = isObject(directive.header) ? directive.header : {};
  const token = typeof head.correlationToken === 'string' && head.correlationToken.length > 0 ? head.correlationToken : undefined;
  const endpoint = isObject(directive.endpoint) ? directive.endpoint : undefined;
  const result: { header: Record<string, unknown>; endpoint?: Record<string, unknown>; payload: Record<string, unknown> } = {
    header: header(namespace, 'ErrorResponse', token),
    payload: { ...extra, type, message: cleanMessage(message) },
  };
  if (endpoint !== undefined && typeof endpoint.endpointId === 'string' && /^[A-Za-z0-9_\-=#;:?@&]{1,256}$/.test(endpoint.endpointId)) {
    result.endpoint = { endpointId: endpoint.endpointId };
  }
  return { event: result };
}

/** The `ErrorResponse` for an {@link AlexaError}; `scrub` masks the invocation's secrets before the message is cut. */
export function buildError(event: unknown, error: AlexaError, scrub: (text: string) => string = (text) => text): AlexaMessage {
  return buildErrorFromEvent(event, error.namespace, error.type, scrub(error.message), error.toPayload());
}

/**
 * Messages are only logged by Alexa, never spoken; keep them one line and bounded. Credential-shaped
 * text is masked before the cut, which would otherwise leave a piece of it no later scrub recognises.
 */
function cleanMessage(message: string): string {
  const line = scrubShapes(message).replace(/\s+/g, ' ').trim();
  return (line === '' ? 'error' : line).slice(0, 1000);
}

function isBearerScope(scope: unknown): boolean {
  return isObject(scope) && scope.type === 'BearerToken' && typeof scope.token === 'string' && scope.token.length > 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
