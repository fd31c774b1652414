/**
 * Alexa.SceneController for scenes, scripts and buttons. Activation answers with
 * `ActivationStarted` (not `Alexa.Response`); only scripts can be deactivated.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-scenecontroller.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import type { Capability, CapabilityInstance, DirectiveContext, DirectiveOutcome } from './types.js';

const ACTIVATE_SERVICE: Readonly<Record<string, string>> = { button: 'press', input_button: 'press' };

/** The capability instance; `supportsDeactivation` is true for scripts only. */
export function sceneControllerInstance(supportsDeactivation: boolean): CapabilityInstance {
  return { namespace: 'Alexa.SceneController', supported: [], extra: { supportsDeactivation } };
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the format HA sends (no fraction). */
function timestamp(): string {
  return `${new Date().toISOString().slice(0, 19)}Z`;
}

function started(name: 'ActivationStarted' | 'DeactivationStarted'): DirectiveOutcome {
  return { response: { namespace: 'Alexa.SceneController', name, payload: { cause: { type: 'VOICE_INTERACTION' }, timestamp: timestamp() } } };
}

async function deactivate(ctx: DirectiveContext): Promise<DirectiveOutcome> {
  if (ACTIVATE_SERVICE[ctx.entity.domain] !== undefined) throw new AlexaInvalidDirectiveError(`${ctx.entity.entityId} cannot be deactivated`);
  await ctx.callService(ctx.entity.domain, 'turn_off', { entity_id: ctx.entity.entityId });
  return started('DeactivationStarted');
}

export const sceneController: Capability = {
  namespace: 'Alexa.SceneController',
  directives: {
    Activate: async (ctx) => {
      await ctx.callService(ctx.entity.domain, ACTIVATE_SERVICE[ctx.entity.domain] ?? 'turn_on', { entity_id: ctx.entity.entityId });
      return started('ActivationStarted');
    },
    Deactivate: deactivate,
  },
};
