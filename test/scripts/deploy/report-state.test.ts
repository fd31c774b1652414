/**
 * The smoke test's ReportState check on its own: which endpoint it asks, what answers pass, and
 * that the fake function's answers the deploy tests rely on are valid against Amazon's schema.
 */
import t from 'tap';
import { assertAlexaValid } from '../../fixtures/alexa-schema.js';
import { errorResponse, stateReport } from '../../fixtures/fake-aws.js';
import { buildReportStateDirective, checkStateReport, pickStateEndpoint } from '../../../scripts/deploy/report-state.js';
import type { InvokeOutcome } from '../../../scripts/aws/lambda-invoke.js';

const LIGHT = { endpointId: 'light#kitchen', friendlyName: 'Kitchen Light', displayCategories: ['LIGHT'], interfaces: ['Alexa', 'Alexa.PowerController'] };
const SCENE = { endpointId: 'scene#movie', friendlyName: 'Movie', displayCategories: ['SCENE_TRIGGER'], interfaces: ['Alexa', 'Alexa.SceneController'] };
const CONTEXT = { functionName: 'ha-alexa', qualifier: '2', tokenSource: 'stored' as const };
const outcome = (payload: unknown, functionError?: string): InvokeOutcome => ({ payload, raw: JSON.stringify(payload), ...(functionError ? { functionError } : {}) });

t.test('the answers the fake function gives are valid Alexa messages', (t) => {
  assertAlexaValid(t, stateReport('light#kitchen'), 'the StateReport');
  assertAlexaValid(t, errorResponse('ENDPOINT_UNREACHABLE', 'Home Assistant reports the device unavailable'), 'the ENDPOINT_UNREACHABLE ErrorResponse');
  t.end();
});

t.test('the state is read from a device with state, not a scene', (t) => {
  t.equal(pickStateEndpoint([SCENE, LIGHT])?.endpointId, 'light#kitchen');
  t.equal(pickStateEndpoint([SCENE])?.endpointId, 'scene#movie', 'a scene when there is nothing else');
  t.equal(pickStateEndpoint([]), undefined);
  const directive = buildReportStateDirective('light#kitchen') as { directive: { header: { name: string; correlationToken: string }; endpoint: Record<string, unknown> } };
  t.equal(directive.directive.header.name, 'ReportState');
  t.match(directive.directive.header.correlationToken, /^smoke-test-/);
  t.notOk('scope' in directive.directive.endpoint, 'without a token the stored one answers');
  t.end();
});

t.test('only a StateReport for that endpoint, or ENDPOINT_UNREACHABLE, passes', (t) => {
  t.match(checkStateReport(outcome(stateReport('light#kitchen')), LIGHT, CONTEXT), { ok: true, detail: 'Kitchen Light (light#kitchen) reports 2 properties' });
  t.match(checkStateReport(outcome(errorResponse('ENDPOINT_UNREACHABLE', 'x')), LIGHT, CONTEXT), { ok: true, warning: /unreachable in Home Assistant/ });
  t.match(checkStateReport(outcome(errorResponse('INVALID_AUTHORIZATION_CREDENTIAL', '401')), LIGHT, CONTEXT), { ok: false, detail: /Home Assistant refused the stored token/ });
  t.match(checkStateReport(outcome(stateReport('light#other')), LIGHT, CONTEXT), { ok: false, detail: /did not answer ReportState with a StateReport for light#kitchen/ });
  const bare = stateReport('light#kitchen') as { context: { properties: object[] } };
  bare.context.properties = [{ name: 'powerState', value: 'ON' }];
  t.match(checkStateReport(outcome(bare), LIGHT, CONTEXT), { ok: false, detail: /has 1 property without namespace, name or timeOfSample/ });
  t.match(checkStateReport(outcome({ errorType: 'Error', errorMessage: 'boom' }, 'Unhandled'), LIGHT, CONTEXT), { ok: false, detail: /the function crashed/ });
  t.end();
});
