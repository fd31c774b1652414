/**
 * Alexa.PlaybackController: play, pause, stop, next and previous on media players, with the
 * operations listed from the player's features. Covers use it too (instance `cover.stop`, HA 2025):
 * `Stop` then calls `stop_cover` and/or `stop_cover_tilt`, whichever the cover supports.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-playbackcontroller.html
 */
import { ALL_LOCALES } from './locales.js';
import type { Capability, CapabilityInstance, DirectiveContext, EntityView } from './types.js';

/** Media player feature bit → Alexa operation, in HA's order. */
const MEDIA_OPERATIONS: readonly (readonly [number, string])[] = [
  [32, 'Next'],
  [1, 'Pause'],
  [16384, 'Play'],
  [16, 'Previous'],
  [4096, 'Stop'],
];

/** The media player features that give a PlaybackController (and PlaybackStateReporter). */
export const MEDIA_PLAYBACK_FEATURES = MEDIA_OPERATIONS.reduce((bits, [bit]) => bits | bit, 0);

const COVER_STOP = 8;
const COVER_STOP_TILT = 64;

/** The PlaybackController of a media player, listing the operations its features allow. */
export function playbackControllerInstance(entity: EntityView): CapabilityInstance {
  const operations = MEDIA_OPERATIONS.filter(([bit]) => (entity.features & bit) !== 0).map(([, operation]) => operation);
  return { namespace: 'Alexa.PlaybackController', supported: [], locales: ALL_LOCALES, extra: { supportedOperations: operations } };
}

/** For cover adapters (HA 2025): "Alexa, stop the blinds" while they move. */
export const COVER_STOP_PLAYBACK_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.PlaybackController',
  instance: 'cover.stop',
  supported: [],
  locales: ALL_LOCALES,
  extra: { supportedOperations: ['Stop'] },
};

function mediaService(service: string): (ctx: DirectiveContext) => Promise<void> {
  return async (ctx) => {
    await ctx.callService(ctx.entity.domain, service, { entity_id: ctx.entity.entityId });
  };
}

async function stop(ctx: DirectiveContext): Promise<void> {
  const { entity } = ctx;
  if (entity.domain !== 'cover') {
    await ctx.callService(entity.domain, 'media_stop', { entity_id: entity.entityId });
    return;
  }
  // A cover with neither feature gets no call and a plain success, as in HA.
  if ((entity.features & COVER_STOP) !== 0) await ctx.callService('cover', 'stop_cover', { entity_id: entity.entityId });
  if ((entity.features & COVER_STOP_TILT) !== 0) await ctx.callService('cover', 'stop_cover_tilt', { entity_id: entity.entityId });
}

export const playbackController: Capability = {
  namespace: 'Alexa.PlaybackController',
  directives: {
    Play: mediaService('media_play'),
    Pause: mediaService('media_pause'),
    Stop: stop,
    Next: mediaService('media_next_track'),
    Previous: mediaService('media_previous_track'),
  },
};
