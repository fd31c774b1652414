/**
 * Cameras: always discovered (CAMERA with EndpointHealth, as HA does), with a CameraStreamController
 * only where HA would offer one (see `../capabilities/camera-stream-controller.ts`), which needs
 * `/api/config`: the adapter reads it from the optional `env` the framework passes.
 */
import type { HaConfig } from '../../../../homeassistant/index.js';
import { CAMERA_STREAM_CONTROLLER_INSTANCE, cameraCanStream } from '../capabilities/camera-stream-controller.js';
import { ENDPOINT_HEALTH } from '../capabilities/endpoint-health.js';
import type { CapabilityInstance, EntityAdapter, EntityView } from '../capabilities/types.js';

export const cameraAdapter: EntityAdapter = {
  domains: ['camera'],
  displayCategories: () => ['CAMERA'],
  // Listed below, so that a camera without a stream is still an endpoint (HA discovers it).
  endpointHealth: false,
  capabilities: (entity: EntityView, env?: { readonly haConfig?: HaConfig }): readonly CapabilityInstance[] =>
    cameraCanStream(entity.features, env?.haConfig) ? [CAMERA_STREAM_CONTROLLER_INSTANCE, ENDPOINT_HEALTH] : [ENDPOINT_HEALTH],
};
