/**
 * Alexa.RangeController: `SetRangeValue` and `AdjustRangeValue`, dispatched by the header `instance`
 * to the domain specs in `instance-specs.ts`. An instance nobody answers is `INVALID_DIRECTIVE`.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-rangecontroller.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import type { RangeInstanceSpec } from './instance-spec-types.js';
import { byInstance, RANGE_SPECS } from './instance-specs.js';
import type { Capability, DirectiveContext } from './types.js';

let specs: ReadonlyMap<string, RangeInstanceSpec> | undefined;

function specFor(ctx: DirectiveContext): RangeInstanceSpec {
  specs ??= byInstance(RANGE_SPECS);
  const spec = ctx.directive.instance === undefined ? undefined : specs.get(ctx.directive.instance);
  if (spec === undefined) throw new AlexaInvalidDirectiveError(`RangeController instance ${String(ctx.directive.instance)} is not supported`);
  return spec;
}

export const rangeController: Capability = {
  namespace: 'Alexa.RangeController',
  directives: {
    SetRangeValue: async (ctx) => specFor(ctx).set(ctx, ctx.directive.payload.rangeValue),
    AdjustRangeValue: async (ctx) => {
      const spec = specFor(ctx);
      return spec.adjust(ctx, ctx.directive.payload.rangeValueDelta, ctx.directive.payload.rangeValueDeltaDefault === true);
    },
  },
};
