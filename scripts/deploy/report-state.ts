import { randomUUID } from 'node:crypto';
import { describeFunctionError, invokeJson, type InvokeOutcome, type LambdaContext } from '../aws/lambda-invoke.js';
import { explainErrorResponse, type DiscoveredEndpoint, type DiscoveryContext } from './discovery.js';
import { plural } from '../shared/format.js';

/**
 * The smoke test's state read: one `Alexa.ReportState` of a discovered endpoint, as Alexa sends
 * it when the app opens a device. It reads Home Assistant and changes nothing (no control
 * directive is ever sent).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-interface.html#reportstate
 */

/** Interfaces that report no state of their own: an endpoint with only these is not worth asking. */
const STATELESS = new Set(['Alexa', 'Alexa.EndpointHealth', 'Alexa.SceneController', 'Alexa.CameraStreamController']);

export interface StateCheck {
  ok: boolean;
  endpoint: DiscoveredEndpoint;
  /** `Kitchen Light (light#kitchen) reports 2 properties`, or why it failed. */
  detail: string;
  /** Set when the answer is acceptable but worth a line (ENDPOINT_UNREACHABLE). */
  warning?: string;
}

/** The endpoint whose state the smoke test reads: the first with a stateful interface, else the first. */
export function pickStateEndpoint(endpoints: readonly DiscoveredEndpoint[]): DiscoveredEndpoint | undefined {
  return endpoints.find((endpoint) => endpoint.interfaces.some((name) => !STATELESS.has(name))) ?? endpoints[0];
}

/** A `ReportState` directive; without a token the `scope` is left out and the stored token answers. */
export function buildReportStateDirective(endpointId: string, token?: string): unknown {
  return {
    directive: {
      header: { namespace: 'Alexa', name: 'ReportState', payloadVersion: '3', messageId: randomUUID(), correlationToken: `smoke-test-${randomUUID()}` },
      endpoint: { endpointId, ...(token ? { scope: { type: 'BearerToken', token } } : {}), cookie: {} },
      payload: {},
    },
  };
}

interface AnswerShape {
  event?: { header?: { namespace?: unknown; name?: unknown }; endpoint?: { endpointId?: unknown }; payload?: { type?: unknown; message?: unknown } };
  context?: { properties?: unknown };
}

/**
 * Checks the answer: a `StateReport` for that endpoint with a list of properties, or an
 * `ENDPOINT_UNREACHABLE` error (Home Assistant answered; the device itself is offline, which a
 * deploy cannot fix and must not block). Any other error response fails.
 */
export function checkStateReport(outcome: InvokeOutcome, endpoint: DiscoveredEndpoint, context: DiscoveryContext): StateCheck {
  const label = `${endpoint.friendlyName} (${endpoint.endpointId})`;
  if (outcome.functionError) return { ok: false, endpoint, detail: describeFunctionError(outcome) };
  const answer = outcome.payload as AnswerShape | null;
  const name = answer?.event?.header?.name;
  if (name === 'ErrorResponse') {
    const type = typeof answer?.event?.payload?.type === 'string' ? answer.event.payload.type : '';
    const message = typeof answer?.event?.payload?.message === 'string' ? answer.event.payload.message : '';
    if (type === 'ENDPOINT_UNREACHABLE') {
      const warning = `${endpoint.endpointId} is unreachable in Home Assistant (Home Assistant itself answered): check the device`;
      return { ok: true, endpoint, detail: `${label} is unreachable`, warning };
    }
    return { ok: false, endpoint, detail: explainErrorResponse(type, message, context) };
  }
  const properties = answer?.context?.properties;
  if (answer?.event?.header?.namespace !== 'Alexa' || name !== 'StateReport' || answer.event.endpoint?.endpointId !== endpoint.endpointId || !Array.isArray(properties)) {
    return { ok: false, endpoint, detail: `the function did not answer ReportState with a StateReport for ${endpoint.endpointId} (it answered ${outcome.raw.slice(0, 120) || 'nothing'})` };
  }
  const malformed = (properties as { namespace?: unknown; name?: unknown; timeOfSample?: unknown }[]).filter(
    (property) => typeof property.namespace !== 'string' || typeof property.name !== 'string' || typeof property.timeOfSample !== 'string',
  );
  if (malformed.length > 0) return { ok: false, endpoint, detail: `the StateReport for ${endpoint.endpointId} has ${plural(malformed.length, 'property', 'properties')} without namespace, name or timeOfSample` };
  return { ok: true, endpoint, detail: `${label} reports ${plural(properties.length, 'property', 'properties')}` };
}

/** Reads the state of one endpoint through `functionName:qualifier`. */
export async function runReportState(
  context: LambdaContext,
  input: { functionName: string; qualifier: string; endpoint: DiscoveredEndpoint; token?: string },
): Promise<StateCheck> {
  const outcome = await invokeJson(context, input.functionName, input.qualifier, buildReportStateDirective(input.endpoint.endpointId, input.token));
  return checkStateReport(outcome, input.endpoint, { functionName: input.functionName, qualifier: input.qualifier, tokenSource: input.token ? 'secret' : 'stored' });
}
