/**
 * Directive parity with Home Assistant's Alexa integration, part 1 of 2: each row of
 * `directive-cases.ts` sends one directive about one entity and checks the exact service calls (no
 * more, no fewer) or the Alexa error type, plus the response name and context properties HA's tests
 * pin. This file runs the rows of the Range, Mode, Toggle and Thermostat controllers.
 */
import t from 'tap';
import { DIRECTIVE_CASES } from './directive-cases.js';
import { runDirectiveRows } from './directive-runner.js';
import { startParity } from './harness.js';

/** The instance-based controllers and the thermostat: climate, covers, valves, fans, humidifiers, numbers. */
const CONTROLS = new Set(['Alexa.RangeController', 'Alexa.ModeController', 'Alexa.ToggleController', 'Alexa.ThermostatController']);

/** Rows that differ from HA on purpose, with the reason (shown as tap todo). */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  'remote.test remote.activity SetMode activity.BAD fails with INVALID_VALUE (0 activities)':
    'deliberate: a remote without activities declares no remote.activity mode, and the bridge refuses undeclared instances with INVALID_DIRECTIVE (HA: INVALID_VALUE)',
};

const parity = await startParity(t);
runDirectiveRows(t, parity, DIRECTIVE_CASES.filter((row) => CONTROLS.has(row.directive.namespace)), KNOWN_DIFFERENCES);
