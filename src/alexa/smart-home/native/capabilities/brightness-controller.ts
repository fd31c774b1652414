/**
 * Alexa.BrightnessController for lights: `brightness_pct` to set, `brightness_step_pct` to adjust
 * (Home Assistant clamps the step itself).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-brightnesscontroller.html
 */
import { AlexaValueOutOfRangeError } from '../../errors.js';
import { numberAttribute, payloadInt } from './args.js';
import type { Capability, CapabilityInstance } from './types.js';

export const BRIGHTNESS_CONTROLLER_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.BrightnessController',
  supported: ['brightness'],
  proactivelyReported: true,
  retrievable: true,
  read: (entity) => {
    const brightness = numberAttribute(entity.attributes, 'brightness');
    return { brightness: brightness === undefined ? 0 : Math.min(100, Math.max(0, Math.round((brightness / 255) * 100))) };
  },
};

export const brightnessController: Capability = {
  namespace: 'Alexa.BrightnessController',
  directives: {
    SetBrightness: async (ctx) => {
      const brightness = payloadInt(ctx.directive.payload, 'brightness');
      if (brightness < 0 || brightness > 100) throw new AlexaValueOutOfRangeError(`brightness ${brightness} is outside 0..100`, 0, 100);
      await ctx.callService(ctx.entity.domain, 'turn_on', { entity_id: ctx.entity.entityId, brightness_pct: brightness });
      return { properties: [{ namespace: 'Alexa.BrightnessController', name: 'brightness', value: brightness }] };
    },
    AdjustBrightness: async (ctx) => {
      const delta = payloadInt(ctx.directive.payload, 'brightnessDelta');
      if (delta < -100 || delta > 100) throw new AlexaValueOutOfRangeError(`brightnessDelta ${delta} is outside -100..100`, -100, 100);
      await ctx.callService(ctx.entity.domain, 'turn_on', { entity_id: ctx.entity.entityId, brightness_step_pct: delta });
    },
  },
};
