/**
 * Alexa.EndpointHealth: `connectivity` is `UNREACHABLE` exactly when the entity is `unavailable`.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-endpointhealth.html
 */
import type { CapabilityInstance } from './types.js';

export const ENDPOINT_HEALTH: CapabilityInstance = {
  namespace: 'Alexa.EndpointHealth',
  supported: ['connectivity'],
  proactivelyReported: true,
  retrievable: true,
  read: (entity) => ({ connectivity: { value: entity.state === 'unavailable' ? 'UNREACHABLE' : 'OK' } }),
};
