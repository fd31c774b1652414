/**
 * Builders and readers shared by the Smart Home tests: directives in Amazon's v3 shape, and small
 * accessors for the answers. Tests drive the real `handler()` (see `loadHandler`).
 */
import type { Test } from 'tap';
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
  return (event) => module.handler(event, {});
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
  return (endpoint.capabilities as Json[]).map((c) => (c.instance === undefined ? String(c.interface) : `${String(c.interface)}:${c.instance as string}`));
}

/** Replaces the fake's states. */
export function setStates(states: Map<string, HaState>, next: readonly HaState[]): void {
  states.clear();
  for (const state of next) states.set(state.entity_id, state);
}

/** One row of a directive table: an entity state in, the exact service calls (or an error) out. */
export interface DirectiveCase {
  readonly what: string;
  readonly entity: HaState;
  readonly namespace: string;
  readonly name: string;
  readonly payload?: Json;
  readonly instance?: string;
  /** The exact service calls, in order (`domain.service` + data); none when an error is expected. */
  readonly calls?: readonly { readonly service: string; readonly data: Json }[];
  readonly error?: string;
  /** Context properties the answer must carry (`namespace.name` or `namespace.name:instance` → value). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Name of the answer when it is not `Alexa.Response`, e.g. `Alexa.SceneController.ActivationStarted`. */
  readonly response?: string;
}

interface FakeLike {
  readonly states: Map<string, HaState>;
  readonly calls: { domain: string; service: string; data: Readonly<Record<string, unknown>> }[];
  reset(): void;
}

/** Runs one {@link DirectiveCase} through the handler and returns the answer (for further checks). */
export async function checkDirective(t: Test, invoke: Handler, fake: FakeLike, row: DirectiveCase, validate: (t: Test, response: unknown, what: string) => void): Promise<unknown> {
  fake.reset();
  fake.states.set(row.entity.entity_id, row.entity);
  const endpointId = row.entity.entity_id.replace('.', '#');
  const response = await invoke(directive(row.namespace, row.name, { endpointId, payload: row.payload ?? {}, instance: row.instance }));
  const calls = fake.calls.map((call) => ({ service: `${call.domain}.${call.service}`, data: call.data }));
  if (row.error !== undefined) {
    t.equal(errorTypeOf(response), row.error, `${row.what}: ${row.error}`);
    t.same(calls, [], `${row.what}: no service call`);
  } else {
    t.equal(errorTypeOf(response), undefined, `${row.what}: no error (${JSON.stringify(eventOf(response).payload).slice(0, 200)})`);
    t.same(calls, row.calls ?? [], `${row.what}: exactly ${(row.calls ?? []).map((c) => c.service).join(', ') || 'no call'}`);
    if (row.response !== undefined) t.equal(nameOf(response), row.response, `${row.what}: answered with ${row.response}`);
    for (const [key, value] of Object.entries(row.context ?? {})) {
      const [path, instance] = key.split(':');
      const dot = (path ?? '').lastIndexOf('.');
      t.same(propertyOf(response, (path ?? '').slice(0, dot), (path ?? '').slice(dot + 1), instance), value, `${row.what}: context ${key}`);
    }
  }
  validate(t, response, row.what);
  return response;
}
