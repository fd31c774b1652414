/**
 * Alexa.ChannelController for media players with `PLAY_MEDIA`: `ChangeChannel` plays the channel
 * (`media_content_type: channel`) named by the first field Alexa sent; `SkipChannels` is next/previous
 * track once per channel.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-channelcontroller.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import { payloadInt } from './args.js';
import { ALL_LOCALES } from './locales.js';
import type { Capability, CapabilityInstance, DirectiveOutcome } from './types.js';

export const CHANNEL_CONTROLLER_INSTANCE: CapabilityInstance = { namespace: 'Alexa.ChannelController', supported: [], locales: ALL_LOCALES };

/** The channel fields HA looks at, in its order; a present field wins even when empty. */
const CHANNEL_FIELDS = ['number', 'callSign', 'affiliateCallSign', 'uri'] as const;

function objectField(source: Readonly<Record<string, unknown>>, field: string): Readonly<Record<string, unknown>> {
  const value = source[field];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * `[field, value]` of the channel to play; the metadata name counts as a call sign, and "0" is HA's
 * fallback. Alexa sends strings; a number (`{"number": 0}`) is taken as its decimal string, as HA's
 * `play_media` would take it, so that the reported `channel` is one Alexa accepts. Anything else is
 * `INVALID_DIRECTIVE`.
 */
export function requestedChannel(payload: Readonly<Record<string, unknown>>): [string, string] {
  const channel = objectField(payload, 'channel');
  for (const field of CHANNEL_FIELDS) if (field in channel) return [field, channelText(channel[field], `payload.channel.${field}`)];
  const metadata = objectField(payload, 'channelMetadata');
  if ('name' in metadata) return ['callSign', channelText(metadata.name, 'payload.channelMetadata.name')];
  return ['number', '0'];
}

function channelText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new AlexaInvalidDirectiveError(`${path} must be a string`);
}

function channelProperty(value: Record<string, unknown>): DirectiveOutcome {
  return { properties: [{ namespace: 'Alexa.ChannelController', name: 'channel', value }] };
}

export const channelController: Capability = {
  namespace: 'Alexa.ChannelController',
  directives: {
    ChangeChannel: async (ctx) => {
      const [field, channel] = requestedChannel(ctx.directive.payload);
      await ctx.callService(ctx.entity.domain, 'play_media', { entity_id: ctx.entity.entityId, media_content_id: channel, media_content_type: 'channel' });
      return channelProperty({ [field]: channel });
    },
    SkipChannels: async (ctx) => {
      const count = payloadInt(ctx.directive.payload, 'channelCount');
      const service = count < 0 ? 'media_previous_track' : 'media_next_track';
      for (let skipped = 0; skipped < Math.abs(count); skipped += 1) await ctx.callService(ctx.entity.domain, service, { entity_id: ctx.entity.entityId });
      // The new channel is unknown; HA reports an empty number.
      return channelProperty({ number: '' });
    },
  },
};
