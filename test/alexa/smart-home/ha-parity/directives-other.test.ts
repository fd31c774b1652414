/**
 * Directive parity with Home Assistant's Alexa integration, part 2 of 2: each row of
 * `directive-cases.ts` sends one directive about one entity and checks the exact service calls (no
 * more, no fewer) or the Alexa error type, plus the response name and context properties HA's tests
 * pin. This file runs the rows of every other interface (power, scenes, lights, locks, media, security, timers, the envelope).
 */
import t from 'tap';
import { DIRECTIVE_CASES } from './directive-cases.js';
import { runDirectiveRows } from './directive-runner.js';
import { startParity } from './harness.js';

/** Rows of these namespaces run in `directives-controls.test.ts`. */
const CONTROLS = new Set(['Alexa.RangeController', 'Alexa.ModeController', 'Alexa.ToggleController', 'Alexa.ThermostatController']);

/** Rows that differ from HA on purpose, with the reason (shown as tap todo). */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  'unknown namespace → INTERNAL_ERROR':
    'deliberate: a namespace the bridge does not know is answered INVALID_DIRECTIVE, like every malformed directive (HA: INTERNAL_ERROR)',
  'SelectInput "BAD DEVICE" with sources [] → INVALID_VALUE':
    'deliberate: a media player without sources declares no InputController, and the bridge refuses undeclared interfaces with INVALID_DIRECTIVE (HA: INVALID_VALUE)',
  'cover PlaybackController.Stop with stop features 0 → no call':
    'deliberate: a cover without STOP/STOP_TILT declares no PlaybackController, and the bridge refuses undeclared interfaces with INVALID_DIRECTIVE (HA: an empty Response)',
};

const parity = await startParity(t);
runDirectiveRows(t, parity, DIRECTIVE_CASES.filter((row) => !CONTROLS.has(row.directive.namespace)), KNOWN_DIFFERENCES);
