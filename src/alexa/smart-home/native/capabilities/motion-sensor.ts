/**
 * Alexa.MotionSensor: `DETECTED` when the binary_sensor is `on`.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-motionsensor.html
 */
import type { CapabilityInstance } from './types.js';

export const MOTION_SENSOR_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.MotionSensor',
  supported: ['detectionState'],
  proactivelyReported: true,
  retrievable: true,
  read: (entity) => ({ detectionState: entity.state === 'on' ? 'DETECTED' : 'NOT_DETECTED' }),
};
