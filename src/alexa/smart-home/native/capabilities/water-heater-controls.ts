/** `water_heater.operation_mode`: a ModeController over `operation_list`, as Home Assistant maps it. */
import { invalidValue, stringListAttribute } from './args.js';
import type { ModeInstanceSpec } from './instance-spec-types.js';
import { listedModes, modeInstance, modeOutcome, modeValue, PLACEHOLDER_MODE } from './resources.js';
import type { CapabilityInstance, EntityView } from './types.js';

export const WATER_HEATER_OPERATION_MODE: ModeInstanceSpec = {
  instance: 'water_heater.operation_mode',
  async set(ctx, mode) {
    const value = modeValue(mode);
    if (value === PLACEHOLDER_MODE || !stringListAttribute(ctx.entity.attributes, 'operation_list').includes(value)) {
      throw invalidValue(ctx, `does not support operation mode '${value}'`);
    }
    await ctx.callService(ctx.entity.domain, 'set_operation_mode', { entity_id: ctx.entity.entityId, operation_mode: value });
    return modeOutcome('water_heater.operation_mode', mode);
  },
};

/** The ModeController, or undefined when the heater lists no operation modes. */
export function waterHeaterOperationMode(entity: EntityView): CapabilityInstance | undefined {
  const modes = stringListAttribute(entity.attributes, 'operation_list');
  if (modes.length === 0) return undefined;
  return modeInstance({
    instance: 'water_heater.operation_mode',
    labels: ['Alexa.Setting.Mode'],
    modes: listedModes('operation_mode', modes),
    read: (current) => {
      const mode = current.attributes.operation_mode;
      return typeof mode === 'string' && stringListAttribute(current.attributes, 'operation_list').includes(mode) ? `operation_mode.${mode}` : undefined;
    },
  });
}
