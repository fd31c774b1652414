/**
 * Alexa.EqualizerController for media players with `SELECT_SOUND_MODE`: the sound modes Alexa knows
 * (MOVIE, MUSIC, NIGHT, SPORT, TV) that are in `sound_mode_list`. Only modes are supported; the band
 * directives are refused with INVALID_DIRECTIVE, as in HA.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-equalizercontroller.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import { invalidValue, payloadString, stringListAttribute } from './args.js';
import { ALL_BUT_ARABIC } from './locales.js';
import type { Capability, CapabilityInstance, DirectiveHandler, EntityView } from './types.js';

const ALEXA_SOUND_MODES: ReadonlySet<string> = new Set(['MOVIE', 'MUSIC', 'NIGHT', 'SPORT', 'TV']);

/** The player's sound modes Alexa can name, upper-cased, once each. */
export function alexaSoundModes(entity: EntityView): { name: string }[] {
  const modes = new Set(stringListAttribute(entity.attributes, 'sound_mode_list').map((mode) => mode.toUpperCase()).filter((mode) => ALEXA_SOUND_MODES.has(mode)));
  return [...modes].map((name) => ({ name }));
}

/** The EqualizerController instance, or undefined when no sound mode is one Alexa knows. */
export function equalizerControllerInstance(entity: EntityView): CapabilityInstance | undefined {
  const supported = alexaSoundModes(entity);
  if (supported.length === 0) return undefined;
  return {
    namespace: 'Alexa.EqualizerController',
    supported: ['mode'],
    proactivelyReported: false,
    retrievable: true,
    locales: ALL_BUT_ARABIC,
    extra: { configurations: { modes: { supported } } },
    read: (current) => {
      const mode = typeof current.attributes.sound_mode === 'string' ? current.attributes.sound_mode.toUpperCase() : '';
      return { mode: ALEXA_SOUND_MODES.has(mode) ? mode : undefined };
    },
  };
}

const bandsUnsupported: DirectiveHandler = () => Promise.reject(new AlexaInvalidDirectiveError('Equalizer bands are not supported; only sound modes are'));

export const equalizerController: Capability = {
  namespace: 'Alexa.EqualizerController',
  directives: {
    SetMode: async (ctx) => {
      const mode = payloadString(ctx.directive.payload, 'mode').toLowerCase();
      if (!stringListAttribute(ctx.entity.attributes, 'sound_mode_list').includes(mode)) throw invalidValue(ctx, `failed to map sound mode ${mode.toUpperCase()} to a mode`);
      await ctx.callService(ctx.entity.domain, 'select_sound_mode', { entity_id: ctx.entity.entityId, sound_mode: mode });
      const reported = mode.toUpperCase();
      return ALEXA_SOUND_MODES.has(reported) ? { properties: [{ namespace: 'Alexa.EqualizerController', name: 'mode', value: reported }] } : {};
    },
    SetBands: bandsUnsupported,
    AdjustBands: bandsUnsupported,
    ResetBands: bandsUnsupported,
  },
};
