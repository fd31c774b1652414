/**
 * Alexa.SeekController for media players with `SEEK`: "skip ahead 30 seconds" seeks relative to
 * `media_position`, never before 0 nor past `media_duration`. The answer is a `StateReport` in the
 * SeekController namespace with the new position, as Alexa expects.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-seekcontroller.html
 */
import { AlexaActionNotPermittedForContentError } from '../../errors.js';
import { numberAttribute, payloadInt } from './args.js';
import { ALL_LOCALES } from './locales.js';
import type { Capability, CapabilityInstance } from './types.js';

export const SEEK_CONTROLLER_INSTANCE: CapabilityInstance = { namespace: 'Alexa.SeekController', supported: [], locales: ALL_LOCALES };

export const seekController: Capability = {
  namespace: 'Alexa.SeekController',
  directives: {
    AdjustSeekPosition: async (ctx) => {
      const delta = payloadInt(ctx.directive.payload, 'deltaPositionMilliseconds');
      const current = numberAttribute(ctx.entity.attributes, 'media_position');
      // Live streams and idle players report no position (or 0): Alexa then says it cannot seek this content.
      if (current === undefined || current === 0) {
        throw new AlexaActionNotPermittedForContentError(`${ctx.entity.entityId} did not report the current media position`);
      }
      let position = Math.max(Math.trunc(current) + Math.trunc(delta / 1000), 0);
      const duration = numberAttribute(ctx.entity.attributes, 'media_duration');
      if (duration !== undefined && Math.trunc(duration) > 0 && Math.trunc(duration) < position) position = duration;
      // Always the media_player domain, as in HA.
      await ctx.callService('media_player', 'media_seek', { entity_id: ctx.entity.entityId, seek_position: position });
      return {
        response: { namespace: 'Alexa.SeekController', name: 'StateReport', payload: { properties: [{ name: 'positionMilliseconds', value: Math.trunc(position * 1000) }] } },
      };
    },
  },
};
