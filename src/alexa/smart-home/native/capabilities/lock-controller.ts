/**
 * Alexa.LockController. Unlocking by voice is allowed only in the locales Home Assistant allows it in
 * (Alexa asks for the voice PIN set in the Alexa app itself).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-lockcontroller.html
 */
import { AlexaInvalidDirectiveError } from '../../errors.js';
import type { Capability, CapabilityInstance, EntityView } from './types.js';

const UNLOCK_LOCALES: ReadonlySet<string> = new Set([
  'ar-SA', 'de-DE', 'en-AU', 'en-CA', 'en-GB', 'en-IN', 'en-US', 'es-ES', 'es-MX', 'es-US', 'fr-CA', 'fr-FR', 'hi-IN', 'it-IT', 'ja-JP', 'nl-NL', 'pt-BR',
]);

const LOCK_STATE: Readonly<Record<string, 'LOCKED' | 'UNLOCKED'>> = {
  locked: 'LOCKED',
  unlocking: 'LOCKED',
  unlocked: 'UNLOCKED',
  locking: 'UNLOCKED',
  opening: 'UNLOCKED',
  open: 'UNLOCKED',
};

/** HA reports anything else (jammed, unknown, unavailable) as JAMMED. */
export function lockState(entity: EntityView): 'LOCKED' | 'UNLOCKED' | 'JAMMED' {
  return LOCK_STATE[entity.state] ?? 'JAMMED';
}

export const LOCK_CONTROLLER_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.LockController',
  supported: ['lockState'],
  proactivelyReported: true,
  retrievable: true,
  read: (entity) => ({ lockState: lockState(entity) }),
};

export const lockController: Capability = {
  namespace: 'Alexa.LockController',
  directives: {
    Lock: async (ctx) => {
      await ctx.callService(ctx.entity.domain, 'lock', { entity_id: ctx.entity.entityId });
      return { properties: [{ namespace: 'Alexa.LockController', name: 'lockState', value: 'LOCKED' }] };
    },
    Unlock: async (ctx) => {
      if (!UNLOCK_LOCALES.has(ctx.config.alexaLocale)) {
        throw new AlexaInvalidDirectiveError(`Unlocking by voice is not allowed in locale ${ctx.config.alexaLocale}`);
      }
      await ctx.callService(ctx.entity.domain, 'unlock', { entity_id: ctx.entity.entityId });
      return { properties: [{ namespace: 'Alexa.LockController', name: 'lockState', value: 'UNLOCKED' }] };
    },
  },
};
