/**
 * Media players: SPEAKER for the `speaker` device class, TV otherwise. Power is always offered (HA
 * maps it to play/stop for players without TURN_ON/TURN_OFF); the other interfaces follow the
 * player's features, and inputs / sound modes only when some of them are names Alexa knows.
 *
 * HA also leaves out the EqualizerController for the `denonavr` integration (it broke Alexa's
 * discovery); the REST API does not say which integration owns an entity, so the bridge cannot.
 */
import { CHANNEL_CONTROLLER_INSTANCE } from '../capabilities/channel-controller.js';
import { equalizerControllerInstance } from '../capabilities/equalizer-controller.js';
import { inputControllerInstance } from '../capabilities/input-controller.js';
import { MEDIA_PLAYBACK_FEATURES, playbackControllerInstance } from '../capabilities/playback-controller.js';
import { PLAYBACK_STATE_REPORTER_INSTANCE } from '../capabilities/playback-state-reporter.js';
import { POWER_CONTROLLER_INSTANCE } from '../capabilities/power-controller.js';
import { SEEK_CONTROLLER_INSTANCE } from '../capabilities/seek-controller.js';
import { speakerInstance } from '../capabilities/speaker.js';
import { STEP_SPEAKER_INSTANCE } from '../capabilities/step-speaker.js';
import type { CapabilityInstance, EntityAdapter } from '../capabilities/types.js';

/** HA `MediaPlayerEntityFeature` bits used here. */
const FEATURE = { SEEK: 2, VOLUME_SET: 4, PLAY_MEDIA: 512, VOLUME_STEP: 1024, SELECT_SOURCE: 2048, SELECT_SOUND_MODE: 65536 } as const;

export const mediaPlayerAdapter: EntityAdapter = {
  domains: ['media_player'],
  displayCategories: (entity) => (entity.attributes.device_class === 'speaker' ? ['SPEAKER'] : ['TV']),
  capabilities: (entity) => {
    const has = (bit: number): boolean => (entity.features & bit) !== 0;
    const result: CapabilityInstance[] = [POWER_CONTROLLER_INSTANCE];
    if (has(FEATURE.VOLUME_SET)) result.push(speakerInstance(entity));
    else if (has(FEATURE.VOLUME_STEP)) result.push(STEP_SPEAKER_INSTANCE);
    if (has(MEDIA_PLAYBACK_FEATURES)) result.push(playbackControllerInstance(entity), PLAYBACK_STATE_REPORTER_INSTANCE);
    if (has(FEATURE.SEEK)) result.push(SEEK_CONTROLLER_INSTANCE);
    const inputs = has(FEATURE.SELECT_SOURCE) ? inputControllerInstance(entity) : undefined;
    if (inputs !== undefined) result.push(inputs);
    if (has(FEATURE.PLAY_MEDIA)) result.push(CHANNEL_CONTROLLER_INSTANCE);
    const equalizer = has(FEATURE.SELECT_SOUND_MODE) ? equalizerControllerInstance(entity) : undefined;
    if (equalizer !== undefined) result.push(equalizer);
    return result;
  },
};
