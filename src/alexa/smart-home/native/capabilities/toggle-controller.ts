/**
 * Alexa.ToggleController: `TurnOn` / `TurnOff`, dispatched by the header `instance` to the domain
 * specs in `instance-specs.ts`.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-togglecontroller.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import type { ToggleInstanceSpec } from './instance-spec-types.js';
import { byInstance, TOGGLE_SPECS } from './instance-specs.js';
import type { Capability, DirectiveContext } from './types.js';

let specs: ReadonlyMap<string, ToggleInstanceSpec> | undefined;

function specFor(ctx: DirectiveContext): ToggleInstanceSpec {
  specs ??= byInstance(TOGGLE_SPECS);
  const spec = ctx.directive.instance === undefined ? undefined : specs.get(ctx.directive.instance);
  if (spec === undefined) throw new AlexaInvalidDirectiveError(`ToggleController instance ${String(ctx.directive.instance)} is not supported`);
  return spec;
}

export const toggleController: Capability = {
  namespace: 'Alexa.ToggleController',
  directives: {
    TurnOn: async (ctx) => specFor(ctx).turnOn(ctx),
    TurnOff: async (ctx) => specFor(ctx).turnOff(ctx),
  },
};
