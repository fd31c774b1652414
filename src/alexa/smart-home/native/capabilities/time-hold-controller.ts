/**
 * Alexa.TimeHoldController (en-US only): "pause the laundry timer", "pause the vacuum". Timers pause
 * and start again; vacuums toggle with `start_pause`. Alexa only sends Resume when the endpoint says
 * `allowRemoteResume` (timers always, vacuums when they support START).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-timeholdcontroller.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import { EN_US_ONLY } from './locales.js';
import type { Capability, CapabilityInstance, DirectiveContext } from './types.js';

export function timeHoldControllerInstance(allowRemoteResume: boolean): CapabilityInstance {
  return { namespace: 'Alexa.TimeHoldController', supported: [], locales: EN_US_ONLY, extra: { configuration: { allowRemoteResume } } };
}

type Services = Readonly<Record<string, string>>;

const HOLD: Services = { timer: 'pause', vacuum: 'start_pause' };
const RESUME: Services = { timer: 'start', vacuum: 'start_pause' };

function holdOrResume(services: Services): (ctx: DirectiveContext) => Promise<void> {
  return async (ctx) => {
    const service = services[ctx.entity.domain];
    if (service === undefined) throw new AlexaInvalidDirectiveError(`${ctx.entity.entityId} cannot be paused or resumed`);
    await ctx.callService(ctx.entity.domain, service, { entity_id: ctx.entity.entityId });
  };
}

export const timeHoldController: Capability = {
  namespace: 'Alexa.TimeHoldController',
  directives: { Hold: holdOrResume(HOLD), Resume: holdOrResume(RESUME) },
};
