/**
 * Alexa.DoorbellEventSource: lets Alexa announce a doorbell press. It has no properties; HA marks the
 * capability itself as proactively reported (the press arrives as a change report).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-doorbelleventsource.html
 */
import type { CapabilityInstance } from './types.js';

export const DOORBELL_EVENT_SOURCE_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.DoorbellEventSource',
  supported: [],
  extra: { proactivelyReported: true },
};
