/**
 * Cover controls, as Home Assistant maps them: `cover.position` (a RangeController when the cover
 * can be set to a position, else a ModeController open/closed/custom) and `cover.tilt` (a
 * RangeController). 0 and 100 become `close_*` / `open_*` when the cover supports them.
 */
import { clamp, invalidValue, numberAttribute } from './args.js';
import type { ModeInstanceSpec, RangeInstanceSpec } from './instance-spec-types.js';
import { modeInstance, modeOutcome, modeValue, rangeInstance, rangeValueOutcome, semantics, toInt, toNumber, type StateMapping } from './resources.js';
import type { CapabilityInstance, DirectiveContext, DirectiveOutcome, EntityView } from './types.js';

/** HA `CoverEntityFeature` bits. */
export const COVER_FEATURES = { OPEN: 1, CLOSE: 2, SET_POSITION: 4, STOP: 8, OPEN_TILT: 16, CLOSE_TILT: 32, STOP_TILT: 64, SET_TILT_POSITION: 128 } as const;

const F = COVER_FEATURES;
const LOWER = 'Alexa.Actions.Lower';
const RAISE = 'Alexa.Actions.Raise';
const CLOSE = 'Alexa.Actions.Close';
const OPEN = 'Alexa.Actions.Open';
const CLOSED_STATE = 'Alexa.States.Closed';
const OPEN_STATE = 'Alexa.States.Open';
const PERCENT = 'Alexa.Unit.Percent';

/** A 0–100 % position that closes at 0 and opens at 100 (cover position, cover tilt, valve position). */
export interface PercentPosition {
  readonly instance: string;
  /** Attributes holding the current value, first found wins (HA reads one; real entities publish the other). */
  readonly current: readonly string[];
  readonly openFeature: number;
  readonly closeFeature: number;
  readonly openService: string;
  readonly closeService: string;
  readonly setService: string;
  readonly dataKey: string;
}

function currentValue(entity: EntityView, names: readonly string[]): number | undefined {
  for (const name of names) {
    const value = numberAttribute(entity.attributes, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** SetRangeValue / AdjustRangeValue for a percent position, exactly as HA's handlers do it. */
export function percentPositionSpec(position: PercentPosition): RangeInstanceSpec {
  const send = async (ctx: DirectiveContext, service: string, value?: number): Promise<void> => {
    const data: Record<string, unknown> = { entity_id: ctx.entity.entityId };
    if (value !== undefined) data[position.dataKey] = value;
    await ctx.callService(ctx.entity.domain, service, data);
  };
  return {
    instance: position.instance,
    async set(ctx, raw): Promise<DirectiveOutcome> {
      const value = toInt(raw);
      const features = ctx.entity.features;
      if ((features & position.closeFeature) !== 0 && value === 0) await send(ctx, position.closeService);
      else if ((features & position.openFeature) !== 0 && value === 100) await send(ctx, position.openService);
      else await send(ctx, position.setService, value);
      return rangeValueOutcome(position.instance, value);
    },
    async adjust(ctx, rawDelta, isDefault): Promise<DirectiveOutcome> {
      // Alexa's default step ("raise the blinds a bit") is 20 %, as in HA.
      const delta = isDefault ? Math.trunc(toNumber(rawDelta) * 20) : toInt(rawDelta);
      const current = currentValue(ctx.entity, position.current);
      // HA treats a missing or zero current value as unknown (`if not current`).
      if (current === undefined || current === 0) throw invalidValue(ctx, `unable to determine the current ${position.instance}`);
      const value = clamp(delta + current, 0, 100);
      if (value === 100) await send(ctx, position.openService);
      else if (value === 0) await send(ctx, position.closeService);
      else await send(ctx, position.setService, value);
      return rangeValueOutcome(position.instance, value);
    },
  };
}

export const COVER_POSITION_RANGE = percentPositionSpec({
  instance: 'cover.position',
  current: ['current_position'],
  openFeature: F.OPEN,
  closeFeature: F.CLOSE,
  openService: 'open_cover',
  closeService: 'close_cover',
  setService: 'set_cover_position',
  dataKey: 'position',
});

export const COVER_TILT_RANGE = percentPositionSpec({
  instance: 'cover.tilt',
  // HA reads `tilt_position` (its own tests set it); covers publish `current_tilt_position`.
  current: ['tilt_position', 'current_tilt_position'],
  openFeature: F.OPEN_TILT,
  closeFeature: F.CLOSE_TILT,
  openService: 'open_cover_tilt',
  closeService: 'close_cover_tilt',
  setService: 'set_cover_tilt_position',
  dataKey: 'tilt_position',
});

export const COVER_POSITION_MODE: ModeInstanceSpec = {
  instance: 'cover.position',
  async set(ctx, mode) {
    const service = { closed: 'close_cover', open: 'open_cover', custom: 'stop_cover' }[modeValue(mode)];
    if (service === undefined) throw invalidValue(ctx, `unknown cover position ${mode}`);
    await ctx.callService(ctx.entity.domain, service, { entity_id: ctx.entity.entityId });
    return modeOutcome('cover.position', mode);
  },
};

const openRange: StateMapping[] = [
  { states: [CLOSED_STATE], value: 0 },
  { states: [OPEN_STATE], range: { minimumValue: 1, maximumValue: 100 } },
];

/** RangeController `cover.position`; Open/Close words go to the tilt instead when the cover tilts. */
export function coverPositionRange(entity: EntityView): CapabilityInstance {
  const tilts = (entity.features & F.SET_TILT_POSITION) !== 0;
  return rangeInstance({
    instance: 'cover.position',
    labels: ['Position', 'Alexa.Setting.Opening'],
    minimumValue: 0,
    maximumValue: 100,
    precision: 1,
    unitOfMeasure: PERCENT,
    semantics: semantics(
      [
        { actions: tilts ? [LOWER] : [LOWER, CLOSE], directive: 'SetRangeValue', payload: { rangeValue: 0 } },
        { actions: tilts ? [RAISE] : [RAISE, OPEN], directive: 'SetRangeValue', payload: { rangeValue: 100 } },
      ],
      tilts ? [] : openRange,
    ),
    read: (current) => numberAttribute(current.attributes, 'current_position'),
  });
}

export function coverTiltRange(): CapabilityInstance {
  return rangeInstance({
    instance: 'cover.tilt',
    labels: ['Tilt', 'Angle', 'Alexa.Setting.Direction'],
    minimumValue: 0,
    maximumValue: 100,
    precision: 1,
    unitOfMeasure: PERCENT,
    semantics: semantics(
      [
        { actions: [CLOSE], directive: 'SetRangeValue', payload: { rangeValue: 0 } },
        { actions: [OPEN], directive: 'SetRangeValue', payload: { rangeValue: 100 } },
      ],
      openRange,
    ),
    read: (current) => numberAttribute(current.attributes, 'current_tilt_position') ?? numberAttribute(current.attributes, 'tilt_position'),
  });
}

const REPORTED_POSITIONS: ReadonlySet<string> = new Set(['open', 'opening', 'closed', 'closing', 'unknown']);

/** ModeController `cover.position` for covers that only open and close. */
export function coverPositionMode(entity: EntityView): CapabilityInstance {
  const tilts = (entity.features & F.SET_TILT_POSITION) !== 0;
  return modeInstance({
    instance: 'cover.position',
    labels: ['Position', 'Alexa.Setting.Opening'],
    modes: [
      { value: 'position.open', labels: ['Alexa.Value.Open'] },
      { value: 'position.closed', labels: ['Alexa.Value.Close'] },
      { value: 'position.custom', labels: ['Custom', 'Alexa.Setting.Preset'] },
    ],
    semantics: semantics(
      [
        { actions: tilts ? [LOWER] : [LOWER, CLOSE], directive: 'SetMode', payload: { mode: 'position.closed' } },
        { actions: tilts ? [RAISE] : [RAISE, OPEN], directive: 'SetMode', payload: { mode: 'position.open' } },
      ],
      tilts ? [] : [{ states: [CLOSED_STATE], value: 'position.closed' }, { states: [OPEN_STATE], value: 'position.open' }],
    ),
    read: (current) => (REPORTED_POSITIONS.has(current.state) ? `position.${current.state}` : undefined),
  });
}
