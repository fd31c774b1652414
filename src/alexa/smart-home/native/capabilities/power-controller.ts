/**
 * Alexa.PowerController: `TurnOn` / `TurnOff` call the domain's service, chosen from small tables
 * exactly as Home Assistant's integration chooses it (groups through `homeassistant.*`, covers
 * open/close, timers start/cancel, vacuums and media players by their features).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-powercontroller.html
 */
import type { Capability, CapabilityInstance, DirectiveContext, EntityView } from './types.js';

/** `powerState` is ON when the state is one of these (domains not listed: ON unless `off`). */
const ON_WHEN: Readonly<Record<string, (state: string) => boolean>> = {
  climate: (state) => state !== 'off',
  fan: (state) => state === 'on',
  humidifier: (state) => state === 'on',
  remote: (state) => state !== 'off' && state !== 'unknown',
  vacuum: (state) => state === 'cleaning',
  timer: (state) => state !== 'idle',
  water_heater: (state) => state !== 'off' && state !== 'unknown',
};

/** Domains whose power services live in another domain. */
const SERVICE_DOMAIN: Readonly<Record<string, string>> = { group: 'homeassistant' };

const VACUUM = { TURN_ON: 1, TURN_OFF: 2, RETURN_HOME: 16, START: 8192 } as const;
const MEDIA_POWER = 128 | 256;

type ServicePicker = (entity: EntityView) => string;

const TURN_ON_SERVICE: Readonly<Record<string, ServicePicker>> = {
  cover: () => 'open_cover',
  timer: () => 'start',
  vacuum: (entity) => ((entity.features & VACUUM.TURN_ON) === 0 && (entity.features & VACUUM.START) !== 0 ? 'start' : 'turn_on'),
  media_player: (entity) => ((entity.features & MEDIA_POWER) === 0 ? 'media_play' : 'turn_on'),
};

const TURN_OFF_SERVICE: Readonly<Record<string, ServicePicker>> = {
  cover: () => 'close_cover',
  timer: () => 'cancel',
  vacuum: (entity) => ((entity.features & VACUUM.TURN_OFF) === 0 && (entity.features & VACUUM.RETURN_HOME) !== 0 ? 'return_to_base' : 'turn_off'),
  media_player: (entity) => ((entity.features & MEDIA_POWER) === 0 ? 'media_stop' : 'turn_off'),
};

export function powerState(entity: EntityView): 'ON' | 'OFF' {
  const isOn = ON_WHEN[entity.domain] ?? ((state: string) => state !== 'off');
  return isOn(entity.state) ? 'ON' : 'OFF';
}

export const POWER_CONTROLLER_INSTANCE: CapabilityInstance = {
  namespace: 'Alexa.PowerController',
  supported: ['powerState'],
  proactivelyReported: true,
  retrievable: true,
  read: (entity) => ({ powerState: powerState(entity) }),
};

async function switchPower(ctx: DirectiveContext, table: Readonly<Record<string, ServicePicker>>, fallback: string): Promise<void> {
  const { entity } = ctx;
  const service = table[entity.domain]?.(entity) ?? fallback;
  await ctx.callService(SERVICE_DOMAIN[entity.domain] ?? entity.domain, service, { entity_id: entity.entityId });
}

export const powerController: Capability = {
  namespace: 'Alexa.PowerController',
  directives: {
    TurnOn: async (ctx) => {
      await switchPower(ctx, TURN_ON_SERVICE, 'turn_on');
    },
    TurnOff: async (ctx) => {
      await switchPower(ctx, TURN_OFF_SERVICE, 'turn_off');
    },
  },
};
