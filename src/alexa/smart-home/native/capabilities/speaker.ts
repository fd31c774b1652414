/**
 * Alexa.Speaker for media players with `VOLUME_SET`: absolute volume, relative volume (from the
 * current `volume_level`) and mute. `muted` is declared only when the player supports `VOLUME_MUTE`.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-speaker.html
 */
import { AlexaInternalError, AlexaValueOutOfRangeError } from '../../errors.js';
import { numberAttribute, payloadInt, payloadNumber } from './args.js';
import { SPEAKER_LOCALES } from './locales.js';
import type { Capability, CapabilityInstance, DirectiveContext, DirectiveOutcome, EntityView } from './types.js';

const VOLUME_MUTE = 8;
/** Alexa's volume range, for `SetVolume` and for the `volume` property. */
const MIN_VOLUME = 0;
const MAX_VOLUME = 100;

/** Python's `round()`: halves go to the even neighbour (HA reports 12 for a level of 0.125). */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return Math.round(value);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** `volume` 0..100 from `volume_level` 0..1 (left out when the player does not report it). */
export function readVolume(entity: EntityView): Record<string, unknown> {
  const level = numberAttribute(entity.attributes, 'volume_level');
  return { volume: level === undefined ? undefined : roundHalfEven(level * 100), muted: Boolean(entity.attributes.is_volume_muted) };
}

/** The Speaker instance of a media player. */
export function speakerInstance(entity: EntityView): CapabilityInstance {
  return {
    namespace: 'Alexa.Speaker',
    supported: (entity.features & VOLUME_MUTE) !== 0 ? ['volume', 'muted'] : ['volume'],
    proactivelyReported: true,
    retrievable: true,
    locales: SPEAKER_LOCALES,
    read: readVolume,
  };
}

/** `media_player.volume_mute`, shared with Alexa.StepSpeaker (HA registers one handler for both). */
export async function setMute(ctx: DirectiveContext): Promise<DirectiveOutcome> {
  // Python's bool(): any truthy payload mutes.
  const mute = Boolean(ctx.directive.payload.mute);
  await ctx.callService(ctx.entity.domain, 'volume_mute', { entity_id: ctx.entity.entityId, is_volume_muted: mute });
  return {};
}

async function setVolumeLevel(ctx: DirectiveContext, level: number): Promise<DirectiveOutcome> {
  await ctx.callService(ctx.entity.domain, 'volume_set', { entity_id: ctx.entity.entityId, volume_level: level });
  return { properties: [{ namespace: 'Alexa.Speaker', name: 'volume', value: Math.round(level * 100) }] };
}

export const speaker: Capability = {
  namespace: 'Alexa.Speaker',
  directives: {
    SetVolume: async (ctx) => {
      const volume = payloadNumber(ctx.directive.payload, 'volume');
      // Outside 0..100 HA's volume_set refuses the level, and the answer's `volume` would be invalid.
      if (volume < MIN_VOLUME || volume > MAX_VOLUME) {
        throw new AlexaValueOutOfRangeError(`volume ${volume} is outside ${MIN_VOLUME}..${MAX_VOLUME}`, MIN_VOLUME, MAX_VOLUME);
      }
      // HA: round(volume / 100, 2).
      return setVolumeLevel(ctx, Math.round(volume) === volume ? volume / 100 : Number((volume / 100).toFixed(2)));
    },
    AdjustVolume: async (ctx) => {
      const delta = payloadInt(ctx.directive.payload, 'volume');
      const level = numberAttribute(ctx.entity.attributes, 'volume_level');
      if (level === undefined) throw new AlexaInternalError(`${ctx.entity.entityId} reports no volume_level, so the volume cannot be changed relatively`);
      // HA truncates the current volume to whole percent and never goes below 0. It does not cap at
      // 100 (HA would then refuse the service call); capping keeps "louder" working near the top.
      const current = Math.trunc(level * 100);
      return setVolumeLevel(ctx, Math.min(MAX_VOLUME, Math.max(MIN_VOLUME, current + delta)) / 100);
    },
    SetMute: setMute,
  },
};
