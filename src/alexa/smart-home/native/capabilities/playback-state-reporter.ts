/**
 * Alexa.PlaybackStateReporter: `playbackState` PLAYING, PAUSED or STOPPED (every other player state).
 * Listed with the PlaybackController, as HA does.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-playbackstatereporter.html
 */
import { ALL_LOCALES } from './locales.js';
import type { CapabilityInstance, EntityView } from './types.js';

const PLAYBACK_STATE: Readonly<Record<string, string>> = { playing: 'PLAYING', paused: 'PAUSED' };

export function playbackState(entity: EntityView): { state: string } {
  return { state: PLAYBACK_STATE[entity.state] ?? 'STOPPED' };
}

export const PLAYBACK_STATE_REPORTER_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.PlaybackStateReporter',
  supported: ['playbackState'],
  proactivelyReported: true,
  retrievable: true,
  locales: ALL_LOCALES,
  read: (entity) => ({ playbackState: playbackState(entity) }),
};
