/**
 * Alexa.ColorTemperatureController in kelvin (`color_temp_kelvin`). Increase (cooler) and decrease
 * (warmer) move by 500 K, clamped to the light's `min/max_color_temp_kelvin`, as Home Assistant does.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-colortemperaturecontroller.html
 */
import { AlexaValueOutOfRangeError } from '../../errors.js';
import { invalidValue, numberAttribute, payloadInt } from './args.js';
import type { Capability, CapabilityInstance, DirectiveContext } from './types.js';

/** HA's defaults when a light does not publish its range. */
const DEFAULT_MIN_KELVIN = 2000;
const DEFAULT_MAX_KELVIN = 6535;
const STEP_KELVIN = 500;
/** Amazon's schema range for `colorTemperatureInKelvin`. */
const ALEXA_MIN = 1000;
const ALEXA_MAX = 10000;

/** The light's current colour temperature in kelvin, from `color_temp_kelvin` or legacy mireds. */
export function currentKelvin(attributes: Readonly<Record<string, unknown>>): number | undefined {
  const kelvin = numberAttribute(attributes, 'color_temp_kelvin');
  if (kelvin !== undefined) return Math.trunc(kelvin);
  const mireds = numberAttribute(attributes, 'color_temp');
  return mireds !== undefined && mireds > 0 ? Math.floor(1_000_000 / mireds) : undefined;
}

export const COLOR_TEMPERATURE_CONTROLLER_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.ColorTemperatureController',
  supported: ['colorTemperatureInKelvin'],
  proactivelyReported: true,
  retrievable: true,
  read: (entity) => {
    const kelvin = currentKelvin(entity.attributes);
    return { colorTemperatureInKelvin: kelvin !== undefined && kelvin >= ALEXA_MIN && kelvin <= ALEXA_MAX ? kelvin : undefined };
  },
};

async function setKelvin(ctx: DirectiveContext, kelvin: number): Promise<{ properties: { namespace: string; name: string; value: number }[] }> {
  await ctx.callService(ctx.entity.domain, 'turn_on', { entity_id: ctx.entity.entityId, color_temp_kelvin: kelvin });
  return { properties: [{ namespace: 'Alexa.ColorTemperatureController', name: 'colorTemperatureInKelvin', value: kelvin }] };
}

async function step(ctx: DirectiveContext, direction: 1 | -1): Promise<{ properties: { namespace: string; name: string; value: number }[] }> {
  const current = currentKelvin(ctx.entity.attributes);
  if (current === undefined) throw invalidValue(ctx, 'the light reports no colour temperature (is it off or in colour mode?)');
  const min = Math.trunc(numberAttribute(ctx.entity.attributes, 'min_color_temp_kelvin') ?? DEFAULT_MIN_KELVIN);
  const max = Math.trunc(numberAttribute(ctx.entity.attributes, 'max_color_temp_kelvin') ?? DEFAULT_MAX_KELVIN);
  const next = direction > 0 ? Math.min(max, current + STEP_KELVIN) : Math.max(min, current - STEP_KELVIN);
  return setKelvin(ctx, next);
}

export const colorTemperatureController: Capability = {
  namespace: 'Alexa.ColorTemperatureController',
  directives: {
    SetColorTemperature: async (ctx) => {
      const kelvin = payloadInt(ctx.directive.payload, 'colorTemperatureInKelvin');
      if (kelvin < ALEXA_MIN || kelvin > ALEXA_MAX) throw new AlexaValueOutOfRangeError(`${kelvin} K is outside 1000..10000`, ALEXA_MIN, ALEXA_MAX);
      return setKelvin(ctx, kelvin);
    },
    IncreaseColorTemperature: (ctx) => step(ctx, 1),
    DecreaseColorTemperature: (ctx) => step(ctx, -1),
  },
};
