/**
 * Cameras: always discovered (CAMERA with EndpointHealth, as HA does), with a CameraStreamController
 * only where HA would offer one (see `../capabilities/camera-stream-controller.ts`), which is decided
 * from `/api/config`.
 */
import { CAMERA_STREAM_CONTROLLER_INSTANCE, cameraCanStream } from '../capabilities/camera-stream-controller.js';
import type { EntityAdapter } from '../capabilities/types.js';

const STREAMING = [CAMERA_STREAM_CONTROLLER_INSTANCE];

export const cameraAdapter: EntityAdapter = {
  domains: ['camera'],
  displayCategories: () => ['CAMERA'],
  needsHaConfig: true,
  discoverWithoutCapabilities: true,
  capabilities: (entity, env) => (cameraCanStream(entity.features, env.haConfig) ? STREAMING : []),
};
