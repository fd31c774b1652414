/**
 * The `Alexa` interface every endpoint lists. Its only directive, `ReportState`, is answered by the
 * translator itself (`../report-state.ts`), because it reads every other capability.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-interface.html
 */
import type { CapabilityInstance } from './types.js';

export const ALEXA_INTERFACE: CapabilityInstance = { namespace: 'Alexa', supported: [] };
