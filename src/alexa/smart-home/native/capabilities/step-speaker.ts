/**
 * Alexa.StepSpeaker for media players with `VOLUME_STEP` but no `VOLUME_SET`: `volume_up` /
 * `volume_down` once per step. Alexa sends 10 default steps for "turn it up"; HA (and so the bridge)
 * makes that one step, since the size of a step is the player's own.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-stepspeaker.html
 */
import { payloadInt } from './args.js';
import { STEP_SPEAKER_LOCALES } from './locales.js';
import { setMute } from './speaker.js';
import type { Capability, CapabilityInstance } from './types.js';

export const STEP_SPEAKER_INSTANCE: CapabilityInstance = { namespace: 'Alexa.StepSpeaker', supported: [], locales: STEP_SPEAKER_LOCALES };

export const stepSpeaker: Capability = {
  namespace: 'Alexa.StepSpeaker',
  directives: {
    AdjustVolume: async (ctx) => {
      let steps = payloadInt(ctx.directive.payload, 'volumeSteps');
      const service = steps < 0 ? 'volume_down' : 'volume_up';
      if (ctx.directive.payload.volumeStepsDefault) steps = steps < 0 ? -1 : 1;
      // One call per step, in order, as HA does (the service takes no step count).
      for (let step = 0; step < Math.abs(steps); step += 1) await ctx.callService(ctx.entity.domain, service, { entity_id: ctx.entity.entityId });
    },
    SetMute: setMute,
  },
};
