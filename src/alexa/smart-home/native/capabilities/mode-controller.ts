/**
 * Alexa.ModeController: `SetMode`, dispatched by the header `instance` to the domain specs in
 * `instance-specs.ts`; `AdjustMode` is refused, as Home Assistant refuses it.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-modecontroller.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import type { ModeInstanceSpec } from './instance-spec-types.js';
import { byInstance, MODE_SPECS } from './instance-specs.js';
import type { Capability } from './types.js';

let specs: ReadonlyMap<string, ModeInstanceSpec> | undefined;

export const modeController: Capability = {
  namespace: 'Alexa.ModeController',
  directives: {
    SetMode: async (ctx) => {
      specs ??= byInstance(MODE_SPECS);
      const spec = ctx.directive.instance === undefined ? undefined : specs.get(ctx.directive.instance);
      if (spec === undefined) throw new AlexaInvalidDirectiveError(`ModeController instance ${String(ctx.directive.instance)} is not supported`);
      // The edge (directive.ts) has already checked that `mode` is a string.
      return spec.set(ctx, String(ctx.directive.payload.mode));
    },
    AdjustMode: () => Promise.reject(new AlexaInvalidDirectiveError('ModeController.AdjustMode is not supported')),
  },
};
