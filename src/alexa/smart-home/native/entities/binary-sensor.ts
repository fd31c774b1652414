/**
 * Binary sensors by device class: contact (door, garage_door, opening, window), motion, presence
 * (EventDetectionSensor, shown as a CAMERA). A display category set in `entity_config` adds its
 * interface (DOORBELL, CONTACT_SENSOR, MOTION_SENSOR, CAMERA), as in HA. Other classes are not
 * discovered (HA would send `displayCategories: null`).
 */
import { CONTACT_SENSOR_INSTANCE } from '../capabilities/contact-sensor.js';
import { DOORBELL_EVENT_SOURCE_INSTANCE } from '../capabilities/doorbell-event-source.js';
import { eventDetectionSensorInstance } from '../capabilities/event-detection-sensor.js';
import { MOTION_SENSOR_INSTANCE } from '../capabilities/motion-sensor.js';
import type { CapabilityInstance, EntityAdapter, EntityView } from '../capabilities/types.js';

type SensorType = 'contact' | 'motion' | 'presence';

const TYPES: Readonly<Record<string, SensorType>> = { door: 'contact', garage_door: 'contact', opening: 'contact', window: 'contact', motion: 'motion', presence: 'presence' };
const CATEGORY: Readonly<Record<SensorType, string>> = { contact: 'CONTACT_SENSOR', motion: 'MOTION_SENSOR', presence: 'CAMERA' };

function typeOf(entity: EntityView): SensorType | undefined {
  return TYPES[String(entity.attributes.device_class)];
}

function byType(type: SensorType | undefined, entity: EntityView): CapabilityInstance | undefined {
  switch (type) {
    case 'contact':
      return CONTACT_SENSOR_INSTANCE;
    case 'motion':
      return MOTION_SENSOR_INSTANCE;
    case 'presence':
      return eventDetectionSensorInstance(entity);
    case undefined:
      return undefined;
  }
}

const CONFIGURED: Readonly<Record<string, SensorType | 'doorbell'>> = { DOORBELL: 'doorbell', CONTACT_SENSOR: 'contact', MOTION_SENSOR: 'motion', CAMERA: 'presence' };

export const binarySensorAdapter: EntityAdapter = {
  domains: ['binary_sensor'],
  displayCategories: (entity) => {
    const type = typeOf(entity);
    return type === undefined ? undefined : [CATEGORY[type]];
  },
  capabilities: (entity) => {
    const result: CapabilityInstance[] = [];
    const add = (capability: CapabilityInstance | undefined): void => {
      if (capability !== undefined && !result.some((c) => c.namespace === capability.namespace)) result.push(capability);
    };
    add(byType(typeOf(entity), entity));
    const configured = entity.overrides?.displayCategories;
    const extra = configured === undefined ? undefined : CONFIGURED[configured];
    add(extra === 'doorbell' ? DOORBELL_EVENT_SOURCE_INSTANCE : byType(extra, entity));
    return result;
  },
};
