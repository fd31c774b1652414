/**
 * Alexa.SecurityPanelController for alarm panels that arm without a code (HA does not expose the
 * others). Arming follows Alexa's rule that an away-armed system must be disarmed first; disarming
 * passes Alexa's four-digit voice PIN to HA as `code` and waits for HA's verdict, so a wrong PIN is
 * answered UNAUTHORIZED instead of a false success.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-securitypanelcontroller.html
 */
import {
  AlexaInvalidDirectiveError,
  AlexaInvalidValueError,
  AlexaSecurityPanelAuthorizationRequiredError,
  AlexaSecurityPanelUnauthorizedError,
} from '../../errors.js';
import { SECURITY_PANEL_LOCALES } from './locales.js';
import type { Capability, CapabilityInstance, DirectiveOutcome, EntityView } from './types.js';

const FEATURE = { ARM_HOME: 1, ARM_AWAY: 2, ARM_NIGHT: 4 } as const;

const ARM_STATE: Readonly<Record<string, string>> = {
  armed_home: 'ARMED_STAY',
  armed_away: 'ARMED_AWAY',
  armed_night: 'ARMED_NIGHT',
  armed_custom_bypass: 'ARMED_STAY',
};

/** Alexa arm state → HA service. */
const ARM_SERVICE: Readonly<Record<string, string>> = { ARMED_AWAY: 'alarm_arm_away', ARMED_STAY: 'alarm_arm_home', ARMED_NIGHT: 'alarm_arm_night' };

/** HA's `armState`: every state that is not armed (pending, triggered, arming, unknown…) reads DISARMED. */
export function armState(entity: EntityView): string {
  return ARM_STATE[entity.state] ?? 'DISARMED';
}

/** The panel's arm states (from its features) and, for numeric codes, the four-digit PIN. */
export function securityPanelInstance(entity: EntityView): CapabilityInstance {
  const armStates = [{ value: 'DISARMED' }];
  if ((entity.features & FEATURE.ARM_AWAY) !== 0) armStates.push({ value: 'ARMED_AWAY' });
  if ((entity.features & FEATURE.ARM_HOME) !== 0) armStates.push({ value: 'ARMED_STAY' });
  if ((entity.features & FEATURE.ARM_NIGHT) !== 0) armStates.push({ value: 'ARMED_NIGHT' });
  const configuration: Record<string, unknown> = { supportedArmStates: armStates };
  if (entity.attributes.code_format === 'number') configuration.supportedAuthorizationTypes = [{ type: 'FOUR_DIGIT_PIN' }];
  return {
    namespace: 'Alexa.SecurityPanelController',
    supported: ['armState'],
    proactivelyReported: true,
    retrievable: true,
    locales: SECURITY_PANEL_LOCALES,
    extra: { configuration },
    read: (current) => ({ armState: armState(current) }),
  };
}

function armStateProperty(value: string): DirectiveOutcome['properties'] {
  return [{ namespace: 'Alexa.SecurityPanelController', name: 'armState', value }];
}

/** The four-digit PIN, when Alexa sent one. */
function pinOf(payload: Readonly<Record<string, unknown>>): unknown {
  const authorization = payload.authorization;
  if (typeof authorization !== 'object' || authorization === null) return undefined;
  const { type, value } = authorization as Record<string, unknown>;
  return type === 'FOUR_DIGIT_PIN' ? value : undefined;
}

export const securityPanelController: Capability = {
  namespace: 'Alexa.SecurityPanelController',
  directives: {
    Arm: async (ctx) => {
      const requested = ctx.directive.payload.armState;
      // Alexa's rule: from ARMED_AWAY, only ARMED_AWAY again without disarming first.
      if (ctx.entity.state === 'armed_away' && requested !== 'ARMED_AWAY') {
        throw new AlexaSecurityPanelAuthorizationRequiredError('You must disarm the system before you can set the requested arm state.');
      }
      const service = typeof requested === 'string' ? ARM_SERVICE[requested] : undefined;
      if (service === undefined || typeof requested !== 'string') throw new AlexaInvalidDirectiveError(`Unsupported armState ${String(requested)}`);
      await ctx.callService(ctx.entity.domain, service, { entity_id: ctx.entity.entityId });
      return {
        properties: armStateProperty(requested),
        // HA cannot tell the exit delay yet, so it reports 0 (Alexa then says the system is armed).
        response: { namespace: 'Alexa.SecurityPanelController', name: 'Arm.Response', payload: { exitDelayInSeconds: 0 } },
      };
    },
    Disarm: async (ctx) => {
      // Alexa's rule: disarming a disarmed system is a success, not an error.
      if (ctx.entity.state === 'disarmed') return {};
      const pin = pinOf(ctx.directive.payload);
      const data = pin === undefined ? { entity_id: ctx.entity.entityId } : { entity_id: ctx.entity.entityId, code: pin };
      try {
        await ctx.callService(ctx.entity.domain, 'alarm_disarm', data);
      } catch (error) {
        // HA answers a wrong or missing code with 400 (mapped to INVALID_VALUE): for Alexa that is UNAUTHORIZED.
        if (error instanceof AlexaInvalidValueError) throw new AlexaSecurityPanelUnauthorizedError(`${ctx.entity.entityId} refused the code`, { cause: error });
        throw error;
      }
      return { properties: armStateProperty('DISARMED') };
    },
  },
};
