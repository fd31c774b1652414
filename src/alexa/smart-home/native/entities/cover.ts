/**
 * Covers: the display category from the device class; a PowerController (open/close) except for
 * garage doors and gates; `cover.position` as a range (SET_POSITION) or a mode (OPEN/CLOSE);
 * `cover.tilt` as a range (SET_TILT_POSITION).
 */
import { COVER_FEATURES, coverPositionMode, coverPositionRange, coverTiltRange } from '../capabilities/cover-controls.js';
import { COVER_STOP_PLAYBACK_INSTANCE } from '../capabilities/playback-controller.js';
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import type { CapabilityInstance, EntityAdapter } from '../capabilities/types.js';

const F = COVER_FEATURES;
const CATEGORY: Readonly<Record<string, string>> = {
  garage: 'GARAGE_DOOR',
  gate: 'GARAGE_DOOR',
  door: 'DOOR',
  blind: 'INTERIOR_BLIND',
  shade: 'INTERIOR_BLIND',
  curtain: 'INTERIOR_BLIND',
  window: 'EXTERIOR_BLIND',
  awning: 'EXTERIOR_BLIND',
  shutter: 'EXTERIOR_BLIND',
};

export const coverAdapter: EntityAdapter = {
  domains: ['cover'],
  displayCategories: (entity) => [CATEGORY[String(entity.attributes.device_class)] ?? 'OTHER'],
  // HA discovers it even with no feature bits (EndpointHealth only), so ReportState answers too.
  discoverWithoutCapabilities: true,
  capabilities: (entity) => {
    const result: CapabilityInstance[] = [];
    const deviceClass = entity.attributes.device_class;
    // HA: "open the garage door" by voice is a security risk Alexa only allows through a mode.
    if (deviceClass !== 'garage' && deviceClass !== 'gate') result.push(POWER_CONTROLLER_INSTANCE);
    if ((entity.features & F.SET_POSITION) !== 0) result.push(coverPositionRange(entity));
    else if ((entity.features & (F.OPEN | F.CLOSE)) !== 0) result.push(coverPositionMode(entity));
    if ((entity.features & F.SET_TILT_POSITION) !== 0) result.push(coverTiltRange());
    if ((entity.features & (F.STOP | F.STOP_TILT)) !== 0) result.push(COVER_STOP_PLAYBACK_INSTANCE);
    return result;
  },
};
