/**
 * Alexa.ColorController: Alexa's hue/saturation/brightness becomes `rgb_color`, converted with the
 * same sextant algorithm Home Assistant uses (`color_hsb_to_RGB`), channels truncated.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-colorcontroller.html
 */
import { AlexaValueOutOfRangeError } from '../../errors.js';
import { numberAttribute, payloadNumber, payloadObject } from './args.js';
import type { Capability, CapabilityInstance } from './types.js';

/**
 * HSB → RGB as Home Assistant computes it. Note the HA quirk kept on purpose: hue 360 falls in a
 * seventh sextant and gives black, exactly as HA sends it.
 */
export function hsbToRgb(hue: number, saturation: number, brightness: number): [number, number, number] {
  const full = Math.trunc(brightness * 255);
  if (saturation === 0) return [full, full, full];
  const h = hue / 60;
  const f = h - Math.floor(h);
  const p = Math.trunc(brightness * (1 - saturation) * 255);
  const q = Math.trunc(brightness * (1 - saturation * f) * 255);
  const t = Math.trunc(brightness * (1 - saturation * (1 - f)) * 255);
  const sextants: Readonly<Record<number, [number, number, number]>> = {
    0: [full, t, p],
    1: [q, full, p],
    2: [p, full, t],
    3: [p, q, full],
    4: [t, p, full],
    5: [full, p, q],
  };
  return sextants[Math.trunc(h)] ?? [0, 0, 0];
}

export const COLOR_CONTROLLER_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.ColorController',
  supported: ['color'],
  proactivelyReported: true,
  retrievable: true,
  read: (entity) => {
    const hs = entity.attributes.hs_color;
    const [hue, saturation] = Array.isArray(hs) && typeof hs[0] === 'number' && typeof hs[1] === 'number' ? [hs[0], hs[1]] : [0, 0];
    const brightness = numberAttribute(entity.attributes, 'brightness') ?? 0;
    return {
      color: {
        hue: Math.min(360, Math.max(0, hue)),
        saturation: Math.min(1, Math.max(0, saturation / 100)),
        brightness: Math.min(1, Math.max(0, brightness / 255)),
      },
    };
  },
};

export const colorController: Capability = {
  namespace: 'Alexa.ColorController',
  directives: {
    SetColor: async (ctx) => {
      const color = payloadObject(ctx.directive.payload, 'color');
      const hue = payloadNumber(color, 'hue');
      const saturation = payloadNumber(color, 'saturation');
      const brightness = payloadNumber(color, 'brightness');
      if (hue < 0 || hue > 360) throw new AlexaValueOutOfRangeError(`hue ${hue} is outside 0..360`, 0, 360);
      if (saturation < 0 || saturation > 1 || brightness < 0 || brightness > 1) {
        throw new AlexaValueOutOfRangeError('saturation and brightness must lie in 0..1', 0, 1);
      }
      await ctx.callService(ctx.entity.domain, 'turn_on', { entity_id: ctx.entity.entityId, rgb_color: hsbToRgb(hue, saturation, brightness) });
      return { properties: [{ namespace: 'Alexa.ColorController', name: 'color', value: { hue, saturation, brightness } }] };
    },
  },
};
