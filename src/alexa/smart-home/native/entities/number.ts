/** `number` and `input_number`: OTHER with a RangeController `<domain>.value`. */
import { numberValueRange } from '../capabilities/number-controls.js';
import type { EntityAdapter } from '../capabilities/types.js';

export const numberAdapter: EntityAdapter = {
  domains: ['number', 'input_number'],
  displayCategories: () => ['OTHER'],
  capabilities: (entity) => {
    const range = numberValueRange(entity);
    return range === undefined ? [] : [range];
  },
};
