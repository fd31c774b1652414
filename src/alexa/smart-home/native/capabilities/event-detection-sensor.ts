/**
 * Alexa.EventDetectionSensor (`humanPresenceDetectionState`, en-US only): buttons always report
 * DETECTED (a press is an event), image_processing when it counts at least one face or person,
 * other entities when `on`. Unknown and unavailable states report nothing, so EndpointHealth speaks.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-eventdetectionsensor.html
 */
import type { CapabilityInstance, EntityView } from './types.js';

const ALWAYS_DETECTED: ReadonlySet<string> = new Set(['button', 'input_button']);

function detected(entity: EntityView): boolean {
  if (entity.domain === 'image_processing') return Math.trunc(Number(entity.state)) > 0;
  return entity.state === 'on' || ALWAYS_DETECTED.has(entity.domain);
}

/** The capability instance for `entity`'s domain (buttons cannot report NOT_DETECTED). */
export function eventDetectionSensorInstance(entity: EntityView): CapabilityInstance {
  return {
    namespace: 'Alexa.EventDetectionSensor',
    supported: ['humanPresenceDetectionState'],
    proactivelyReported: true,
    // HA declares it not retrievable, yet reports it in ReportState (the reader ignores this flag).
    retrievable: false,
    locales: new Set(['en-US']),
    extra: {
      configuration: {
        detectionMethods: ['AUDIO', 'VIDEO'],
        detectionModes: { humanPresence: { featureAvailability: 'ENABLED', supportsNotDetected: !ALWAYS_DETECTED.has(entity.domain) } },
      },
    },
    read: (current) =>
      current.state === 'unavailable' || current.state === 'unknown' ? {} : { humanPresenceDetectionState: { value: detected(current) ? 'DETECTED' : 'NOT_DETECTED' } },
  };
}
