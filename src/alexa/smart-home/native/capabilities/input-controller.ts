/**
 * Alexa.InputController: a media player's `source_list` mapped onto the input names Alexa
 * understands ("HDMI 1", "TV", …), and `SelectInput` mapped back to the player's own source string.
 * Both directions follow HA's normalization (lower case, `-`, `_` and spaces removed).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-inputcontroller.html
 */
import { invalidValue, payloadString } from './args.js';
import { ALL_LOCALES } from './locales.js';
import type { Capability, CapabilityInstance, EntityView } from './types.js';

/** Normalized source name → Alexa input name (HA's `Inputs.VALID_SOURCE_NAME_MAP`). */
const INPUT_NAMES: ReadonlyMap<string, string> = new Map([
  ['antenna', 'TUNER'], ['antennatv', 'TUNER'],
  ['aux', 'AUX 1'], ['aux1', 'AUX 1'], ['aux2', 'AUX 2'], ['aux3', 'AUX 3'], ['aux4', 'AUX 4'], ['aux5', 'AUX 5'], ['aux6', 'AUX 6'], ['aux7', 'AUX 7'],
  ['bluray', 'BLURAY'], ['blurayplayer', 'BLURAY'], ['cable', 'CABLE'], ['cd', 'CD'],
  ['coax', 'COAX 1'], ['coax1', 'COAX 1'], ['coax2', 'COAX 2'], ['composite', 'COMPOSITE 1'], ['composite1', 'COMPOSITE 1'],
  ['dvd', 'DVD'], ['game', 'GAME'], ['gameconsole', 'GAME'], ['hdradio', 'HD RADIO'],
  ['hdmi', 'HDMI 1'], ['hdmi1', 'HDMI 1'], ['hdmi2', 'HDMI 2'], ['hdmi3', 'HDMI 3'], ['hdmi4', 'HDMI 4'], ['hdmi5', 'HDMI 5'],
  ['hdmi6', 'HDMI 6'], ['hdmi7', 'HDMI 7'], ['hdmi8', 'HDMI 8'], ['hdmi9', 'HDMI 9'], ['hdmi10', 'HDMI 10'], ['hdmiarc', 'HDMI ARC'],
  ['input', 'INPUT 1'], ['input1', 'INPUT 1'], ['input2', 'INPUT 2'], ['input3', 'INPUT 3'], ['input4', 'INPUT 4'], ['input5', 'INPUT 5'],
  ['input6', 'INPUT 6'], ['input7', 'INPUT 7'], ['input8', 'INPUT 8'], ['input9', 'INPUT 9'], ['input10', 'INPUT 10'],
  ['ipod', 'IPOD'], ['line', 'LINE 1'], ['line1', 'LINE 1'], ['line2', 'LINE 2'], ['line3', 'LINE 3'], ['line4', 'LINE 4'],
  ['line5', 'LINE 5'], ['line6', 'LINE 6'], ['line7', 'LINE 7'], ['mediaplayer', 'MEDIA PLAYER'],
  ['optical', 'OPTICAL 1'], ['optical1', 'OPTICAL 1'], ['optical2', 'OPTICAL 2'], ['phono', 'PHONO'],
  ['playstation', 'PLAYSTATION'], ['playstation3', 'PLAYSTATION 3'], ['playstation4', 'PLAYSTATION 4'], ['rokumediaplayer', 'MEDIA PLAYER'],
  ['satellite', 'SATELLITE'], ['satellitetv', 'SATELLITE'], ['smartcast', 'SMARTCAST'], ['tuner', 'TUNER'], ['tv', 'TV'], ['usbdac', 'USB DAC'],
  ['video', 'VIDEO 1'], ['video1', 'VIDEO 1'], ['video2', 'VIDEO 2'], ['video3', 'VIDEO 3'], ['xbox', 'XBOX'],
]);

/** `"HDMI_2"` → `"hdmi2"`. */
function normalize(source: string): string {
  return source.toLowerCase().replace(/[-_ ]/g, '');
}

/** The player's sources as strings (HA skips numbers and nulls some integrations put there). */
function sources(entity: EntityView): string[] {
  const list = entity.attributes.source_list;
  return Array.isArray(list) ? list.filter((source): source is string => typeof source === 'string') : [];
}

/** The Alexa input names of the player's sources, once each, in source order. */
export function alexaInputs(entity: EntityView): { name: string }[] {
  const names = new Set<string>();
  for (const source of sources(entity)) {
    const name = INPUT_NAMES.get(normalize(source));
    if (name !== undefined) names.add(name);
  }
  return [...names].map((name) => ({ name }));
}

/** The InputController instance, or undefined when no source maps to an Alexa input. */
export function inputControllerInstance(entity: EntityView): CapabilityInstance | undefined {
  const inputs = alexaInputs(entity);
  if (inputs.length === 0) return undefined;
  return { namespace: 'Alexa.InputController', supported: [], locales: ALL_LOCALES, extra: { inputs } };
}

/**
 * The source Alexa's `input` means: a source whose normalized name is a known input equal to the
 * normalized request, or, for a request ending in 1 ("HDMI 1"), the source without the 1 ("hdmi").
 */
export function matchSource(entity: EntityView, input: string): string | undefined {
  const wanted = input.toLowerCase().replace(/ /g, '');
  const withoutOne = wanted.replace(/1+$/, '');
  return sources(entity).find((source) => {
    const candidate = normalize(source);
    return (INPUT_NAMES.has(candidate) && candidate === wanted) || (wanted.endsWith('1') && candidate === withoutOne);
  });
}

export const inputController: Capability = {
  namespace: 'Alexa.InputController',
  directives: {
    SelectInput: async (ctx) => {
      const input = payloadString(ctx.directive.payload, 'input');
      const source = matchSource(ctx.entity, input);
      if (source === undefined) throw invalidValue(ctx, `failed to map input ${input} to a media source`);
      await ctx.callService(ctx.entity.domain, 'select_source', { entity_id: ctx.entity.entityId, source });
    },
  },
};
