/**
 * Alexa.ContactSensor: `DETECTED` when the entity is `on`. HA lists it on switches too, so that
 * Alexa routines can start when a switch turns on.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-contactsensor.html
 */
import type { CapabilityInstance } from './types.js';

export const CONTACT_SENSOR_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.ContactSensor',
  supported: ['detectionState'],
  proactivelyReported: true,
  retrievable: true,
  read: (entity) => ({ detectionState: entity.state === 'on' ? 'DETECTED' : 'NOT_DETECTED' }),
};
