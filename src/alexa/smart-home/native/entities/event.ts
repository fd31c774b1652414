/** Event entities: doorbells only (DOORBELL with DoorbellEventSource); HA sends no category for others. */
import { DOORBELL_EVENT_SOURCE_INSTANCE } from '../capabilities/doorbell-event-source.js';
import type { EntityAdapter } from '../capabilities/types.js';

export const eventAdapter: EntityAdapter = {
  domains: ['event'],
  displayCategories: (entity) => (entity.attributes.device_class === 'doorbell' ? ['DOORBELL'] : undefined),
  capabilities: (entity) => (entity.attributes.device_class === 'doorbell' ? [DOORBELL_EVENT_SOURCE_INSTANCE] : []),
};
