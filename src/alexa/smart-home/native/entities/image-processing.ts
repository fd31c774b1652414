/** image_processing: a CAMERA whose EventDetectionSensor reports DETECTED when it counts at least one face or person. */
import { eventDetectionSensorInstance } from '../capabilities/event-detection-sensor.js';
import type { EntityAdapter } from '../capabilities/types.js';

export const imageProcessingAdapter: EntityAdapter = {
  domains: ['image_processing'],
  displayCategories: () => ['CAMERA'],
  capabilities: (entity) => [eventDetectionSensorInstance(entity)],
};
