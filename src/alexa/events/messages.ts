/**
 * The messages the event gateway takes: the same bodies as synchronous answers plus the scope token.
 *
 * @see https://developer.amazon.com/docs/smarthome/state-reporting-for-a-smart-home-skill.html
 * @see https://developer.amazon.com/docs/device-apis/alexa-doorbelleventsource.html
 * @see https://developer.amazon.com/docs/device-apis/alexa-discovery.html
 */
import { randomUUID } from 'node:crypto';
import type { ReportedProperty } from '../smart-home/response.js';

/** Alexa's ChangeReport causes this bridge sends (design §2.3). */
export type ChangeCause = 'PHYSICAL_INTERACTION' | 'APP_INTERACTION' | 'RULE_TRIGGER';

function scope(token: string): { type: 'BearerToken'; token: string } {
  return { type: 'BearerToken', token };
}

function header(namespace: string, name: string): Record<string, string> {
  return { namespace, name, payloadVersion: '3', messageId: randomUUID() };
}

/** `Alexa.ChangeReport`: what changed in `payload.change`, every other property in `context`. */
export function changeReport(token: string, endpointId: string, cause: ChangeCause, changed: readonly ReportedProperty[], unchanged: readonly ReportedProperty[]): Record<string, unknown> {
  return {
    event: {
      header: header('Alexa', 'ChangeReport'),
      endpoint: { scope: scope(token), endpointId },
      payload: { change: { cause: { type: cause }, properties: changed } },
    },
    context: { properties: unchanged },
  };
}

/** `YYYY-MM-DDTHH:MM:SSZ`: Amazon's schema for DoorbellPress refuses fractional seconds. */
export function wholeSeconds(time: Date): string {
  return `${time.toISOString().slice(0, 19)}Z`;
}

/** `Alexa.DoorbellEventSource.DoorbellPress`, always PHYSICAL_INTERACTION (as Home Assistant sends it). */
export function doorbellPress(token: string, endpointId: string, pressedAt: Date): Record<string, unknown> {
  return {
    context: {},
    event: {
      header: header('Alexa.DoorbellEventSource', 'DoorbellPress'),
      endpoint: { scope: scope(token), endpointId },
      payload: { cause: { type: 'PHYSICAL_INTERACTION' }, timestamp: wholeSeconds(pressedAt) },
    },
  };
}

/** `Alexa.Discovery.AddOrUpdateReport` with discovery's endpoint objects. */
export function addOrUpdateReport(token: string, endpoints: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { event: { header: header('Alexa.Discovery', 'AddOrUpdateReport'), payload: { endpoints, scope: scope(token) } } };
}

/** `Alexa.Discovery.DeleteReport`: endpoints by id only. */
export function deleteReport(token: string, endpointIds: readonly string[]): Record<string, unknown> {
  return { event: { header: header('Alexa.Discovery', 'DeleteReport'), payload: { endpoints: endpointIds.map((endpointId) => ({ endpointId })), scope: scope(token) } } };
}
