/**
 * Lambda test events, built the way Alexa sends them, for the local runners (`npm run demo`,
 * `npm run invoke`, the smoke test and the benchmark). Endpoint ids follow the project's rule:
 * the entity_id with `.` replaced by `#` (`light.kitchen` → `light#kitchen`).
 */
import { randomUUID } from 'node:crypto';

/** Skill id the local runners put in Custom skill requests (and in `ALEXA_SKILL_ID`). */
export const LOCAL_SKILL_ID = 'amzn1.ask.skill.demo';

/** `{"diagnostics":"health"}`: answered without calling Home Assistant. */
export const HEALTH_EVENT = { diagnostics: 'health' } as const;

/** An event that is neither Alexa nor diagnostics; the handler answers `UNRECOGNIZED_EVENT`. */
export const UNKNOWN_EVENT = { hello: 'world' } as const;

/** `light.kitchen` or `light#kitchen` → `light#kitchen`. */
export function toEndpointId(entityOrEndpoint: string): string {
  return entityOrEndpoint.includes('#') ? entityOrEndpoint : entityOrEndpoint.replace('.', '#');
}

/** `light#kitchen` or `light.kitchen` → `light.kitchen`. */
export function toEntityId(entityOrEndpoint: string): string {
  return entityOrEndpoint.replace('#', '.');
}

/** True for `domain.object_id` or `domain#object_id`. */
export function looksLikeEntity(value: string): boolean {
  return /^[a-z0-9_]+[.#][a-z0-9_]+$/.test(value);
}

/** `Alexa.Discovery` / `Discover` with the account-linking token in `payload.scope`. */
export function discoveryEvent(token: string): Record<string, unknown> {
  return {
    directive: {
      header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId: randomUUID() },
      payload: { scope: { type: 'BearerToken', token } },
    },
  };
}

export interface DirectiveSpec {
  readonly namespace: string;
  readonly name: string;
  /** Entity id or endpoint id. */
  readonly endpoint: string;
  readonly token: string;
  readonly payload?: Record<string, unknown>;
  /** Header `instance`, for the Range, Mode and Toggle controllers (e.g. `cover.position`). */
  readonly instance?: string;
}

/** A directive aimed at one endpoint (control or `Alexa` / `ReportState`). */
export function directiveEvent(spec: DirectiveSpec): Record<string, unknown> {
  return {
    directive: {
      header: {
        namespace: spec.namespace,
        name: spec.name,
        payloadVersion: '3',
        messageId: randomUUID(),
        correlationToken: `local-${randomUUID()}`,
        ...(spec.instance === undefined ? {} : { instance: spec.instance }),
      },
      endpoint: { scope: { type: 'BearerToken', token: spec.token }, endpointId: toEndpointId(spec.endpoint), cookie: {} },
      payload: spec.payload ?? {},
    },
  };
}

export function turnOnEvent(endpoint: string, token: string): Record<string, unknown> {
  return directiveEvent({ namespace: 'Alexa.PowerController', name: 'TurnOn', endpoint, token });
}

export function turnOffEvent(endpoint: string, token: string): Record<string, unknown> {
  return directiveEvent({ namespace: 'Alexa.PowerController', name: 'TurnOff', endpoint, token });
}

export function reportStateEvent(endpoint: string, token: string): Record<string, unknown> {
  return directiveEvent({ namespace: 'Alexa', name: 'ReportState', endpoint, token });
}

export interface CustomSkillSpec {
  readonly type: 'LaunchRequest' | 'IntentRequest';
  /** What the user said, for `ConversationIntent`. */
  readonly utterance?: string;
  readonly skillId?: string;
  readonly locale?: string;
}

/** A Custom skill request (`LaunchRequest`, or `IntentRequest` for `ConversationIntent` with a `query` slot). */
export function customSkillEvent(spec: CustomSkillSpec): Record<string, unknown> {
  const application = { applicationId: spec.skillId ?? LOCAL_SKILL_ID };
  const user = { userId: 'amzn1.ask.account.local' };
  const request: Record<string, unknown> = {
    type: spec.type,
    requestId: `amzn1.echo-api.request.${randomUUID()}`,
    timestamp: new Date().toISOString(),
    locale: spec.locale ?? 'en-US',
  };
  if (spec.type === 'IntentRequest') {
    request.intent = { name: 'ConversationIntent', slots: { query: { name: 'query', value: spec.utterance ?? '' } } };
  }
  return {
    version: '1.0',
    session: { new: true, sessionId: `amzn1.echo-api.session.${randomUUID()}`, application, user },
    context: { System: { application, user } },
    request,
  };
}
