/**
 * Valve controls, as Home Assistant maps them: `valve.position` (RangeController), else `valve.state`
 * (ModeController open/closed) and `valve.stop` (ToggleController that only turns on). Valves have no
 * PowerController.
 */
import { invalidValue, numberAttribute } from './args.js';
import { percentPositionSpec } from './cover-controls.js';
import type { ModeInstanceSpec, ToggleInstanceSpec } from './instance-spec-types.js';
import { modeInstance, modeOutcome, modeValue, PLACEHOLDER_MODE, rangeInstance, semantics, toggleInstance, toggleOutcome, unsupported } from './resources.js';
import type { CapabilityInstance, EntityView } from './types.js';

/** HA `ValveEntityFeature` bits. */
export const VALVE_FEATURES = { OPEN: 1, CLOSE: 2, SET_POSITION: 4, STOP: 8 } as const;
const F = VALVE_FEATURES;

export const VALVE_POSITION_RANGE = percentPositionSpec({
  instance: 'valve.position',
  // HA reads `position` (its own tests set it); valves publish `current_position`.
  current: ['position', 'current_position'],
  openFeature: F.OPEN,
  closeFeature: F.CLOSE,
  openService: 'open_valve',
  closeService: 'close_valve',
  setService: 'set_valve_position',
  dataKey: 'position',
});

export const VALVE_STATE_MODE: ModeInstanceSpec = {
  instance: 'valve.state',
  async set(ctx, mode) {
    const service = { closed: 'close_valve', open: 'open_valve' }[modeValue(mode)];
    if (service === undefined) throw invalidValue(ctx, `unknown valve state ${mode}`);
    await ctx.callService(ctx.entity.domain, service, { entity_id: ctx.entity.entityId });
    return modeOutcome('valve.state', mode);
  },
};

export const VALVE_STOP_TOGGLE: ToggleInstanceSpec = {
  instance: 'valve.stop',
  async turnOn(ctx) {
    await ctx.callService(ctx.entity.domain, 'stop_valve', { entity_id: ctx.entity.entityId });
    return toggleOutcome('valve.stop', 'ON');
  },
  turnOff: unsupported('ToggleController.TurnOff of valve.stop'),
};

export function valvePositionRange(): CapabilityInstance {
  return rangeInstance({
    instance: 'valve.position',
    labels: ['Opening', 'Alexa.Setting.Opening'],
    minimumValue: 0,
    maximumValue: 100,
    precision: 1,
    unitOfMeasure: 'Alexa.Unit.Percent',
    semantics: semantics(
      [
        { actions: ['Alexa.Actions.Close'], directive: 'SetRangeValue', payload: { rangeValue: 0 } },
        { actions: ['Alexa.Actions.Open'], directive: 'SetRangeValue', payload: { rangeValue: 100 } },
      ],
      [
        { states: ['Alexa.States.Closed'], value: 0 },
        { states: ['Alexa.States.Open'], range: { minimumValue: 1, maximumValue: 100 } },
      ],
    ),
    read: (current) => numberAttribute(current.attributes, 'current_position'),
  });
}

const REPORTED_STATES: ReadonlySet<string> = new Set(['open', 'opening', 'closed', 'closing', 'unknown']);

export function valveStateMode(entity: EntityView): CapabilityInstance {
  const modes: { value: string; labels: string[] }[] = [];
  if ((entity.features & F.OPEN) !== 0) modes.push({ value: 'state.open', labels: ['Open', 'Alexa.Setting.Preset'] });
  if ((entity.features & F.CLOSE) !== 0) modes.push({ value: 'state.closed', labels: ['Closed', 'Alexa.Setting.Preset'] });
  // Alexa needs two modes; HA pads a valve that only opens (or only closes).
  if (modes.length === 1) modes.push({ value: `state.${PLACEHOLDER_MODE}`, labels: [PLACEHOLDER_MODE] });
  return modeInstance({
    instance: 'valve.state',
    labels: ['Preset', 'Alexa.Setting.Preset'],
    modes,
    // HA maps both words and both states whatever the features say.
    semantics: semantics(
      [
        { actions: ['Alexa.Actions.Close'], directive: 'SetMode', payload: { mode: 'state.closed' } },
        { actions: ['Alexa.Actions.Open'], directive: 'SetMode', payload: { mode: 'state.open' } },
      ],
      [
        { states: ['Alexa.States.Closed'], value: 'state.closed' },
        { states: ['Alexa.States.Open'], value: 'state.open' },
      ],
    ),
    read: (current) => (REPORTED_STATES.has(current.state) ? `state.${current.state}` : undefined),
  });
}

export function valveStopToggle(): CapabilityInstance {
  // HA reports a stop "switch" that is always off: stopping is an action, not a state.
  return toggleInstance({ instance: 'valve.stop', labels: ['Stop'], read: () => 'OFF' });
}
