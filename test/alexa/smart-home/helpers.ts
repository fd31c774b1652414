/**
 * Builders and readers shared by the Smart Home tests: directives in Amazon's v3 shape, and small
 * accessors for the answers. Tests drive the real `handler()` (see `loadHandler`).
 */
import type { HaState } from '../../../src/homeassistant/types.js';

export const STORED_TOKEN = 'stored-token-123456';
export const DIRECTIVE_TOKEN = 'directive-token-abcdef';

type Json = Record<string, unknown>;

export interface DirectiveOptions {
  readonly endpointId?: string;
  readonly payload?: Json;
  readonly instance?: string;
  /** Bearer token in `endpoint.scope`; `null` leaves the scope out. Default {@link DIRECTIVE_TOKEN}. */
  readonly token?: string | null;
  readonly correlationToken?: string;
}

/** An Alexa v3 directive; `endpointId` is required for anything but Discover and AcceptGrant. */
export function directive(namespace: string, name: string, options: DirectiveOptions = {}): { directive: Json } {
  const header: Json = { namespace, name, messageId: 'msg-0001', correlationToken: options.correlationToken ?? 'corr-token-1', payloadVersion: '3' };
  if (options.instance !== undefined) header.instance = options.instance;
  const body: Json = { header, payload: options.payload ?? {} };
  if (options.endpointId !== undefined) {
    const endpoint: Json = { endpointId: options.endpointId, cookie: {} };
    const token = options.token === undefined ? DIRECTIVE_TOKEN : options.token;
    if (token !== null) endpoint.scope = { type: 'BearerToken', token };
    body.endpoint = endpoint;
  }
  return { directive: body };
}

/** `Alexa.Discovery.Discover` with the token in `payload.scope` (none when `token` is null). */
export function discoverDirective(token: string | null = DIRECTIVE_TOKEN): { directive: Json } {
  const payload: Json = token === null ? {} : { scope: { type: 'BearerToken', token } };
  return { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', messageId: 'msg-disc', payloadVersion: '3' }, payload } };
}

export function acceptGrantDirective(token: string = DIRECTIVE_TOKEN): { directive: Json } {
  return {
    directive: {
      header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant', messageId: 'msg-grant', payloadVersion: '3' },
      payload: { grant: { type: 'OAuth2.AuthorizationCode', code: 'auth-code-xyz' }, grantee: { type: 'BearerToken', token } },
    },
  };
}

export type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/**
 * Sets the environment, then imports the real handler (each tap file is its own process, so the
 * configuration is read once with these values).
 */
export async function loadHandler(env: Record<string, string>): Promise<Handler> {
  for (const [key, value] of Object.entries(env)) process.env[key] = value;
  const module = await import('../../../src/handler.js');
  return (event) => module.handler(event, {} as never) as Promise<unknown>;
}

/** The answer's `event`. */
export function eventOf(response: unknown): { header: Json; endpoint?: Json; payload: Json } {
  return (response as { event: { header: Json; endpoint?: Json; payload: Json } }).event;
}

/** `namespace.name` of the answer's header. */
export function nameOf(response: unknown): string {
  const { header } = eventOf(response);
  return `${String(header.namespace)}.${String(header.name)}`;
}

/** The error type of an ErrorResponse, or undefined for any other answer. */
export function errorTypeOf(response: unknown): string | undefined {
  const event = eventOf(response);
  return event.header.name === 'ErrorResponse' ? (event.payload.type as string) : undefined;
}

/** A context property's value, or undefined. */
export function propertyOf(response: unknown, namespace: string, name: string, instance?: string): unknown {
  const properties = (response as { context?: { properties?: Json[] } }).context?.properties ?? [];
  return properties.find((p) => p.namespace === namespace && p.name === name && (instance === undefined || p.instance === instance))?.value;
}

/** The discovered endpoints of a Discover.Response. */
export function endpointsOf(response: unknown): Json[] {
  return (eventOf(response).payload.endpoints as Json[] | undefined) ?? [];
}

/** `interface` or `interface:instance` of each capability of an endpoint, in order. */
export function interfacesOf(endpoint: Json): string[] {
  return (endpoint.capabilities as Json[]).map((c) => (c.instance === undefined ? String(c.interface) : `${String(c.interface)}:${String(c.instance)}`));
}

/** Replaces the fake's states. */
export function setStates(states: Map<string, HaState>, next: readonly HaState[]): void {
  states.clear();
  for (const state of next) states.set(state.entity_id, state);
}
