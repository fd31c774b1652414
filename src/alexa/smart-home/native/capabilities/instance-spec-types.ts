/**
 * The shapes of one instance of a multi-instance controller (Range, Mode, Toggle). Apart from
 * instance-specs.ts, which lists the instances, so that the domain files defining them import these
 * types without importing the list that imports them.
 */
import type { DirectiveContext, DirectiveOutcome } from './types.js';

type Outcome = Promise<DirectiveOutcome | void>;

/** `Alexa.RangeController` for one instance: `SetRangeValue` and `AdjustRangeValue`. */
export interface RangeInstanceSpec {
  readonly instance: string;
  set(ctx: DirectiveContext, rangeValue: unknown): Outcome;
  adjust(ctx: DirectiveContext, delta: unknown, isDefault: boolean): Outcome;
}

/** `Alexa.ModeController` for one instance: `SetMode` (AdjustMode is never supported, as in HA). */
export interface ModeInstanceSpec {
  readonly instance: string;
  set(ctx: DirectiveContext, mode: string): Outcome;
}

/** `Alexa.ToggleController` for one instance. */
export interface ToggleInstanceSpec {
  readonly instance: string;
  turnOn(ctx: DirectiveContext): Outcome;
  turnOff(ctx: DirectiveContext): Outcome;
}
