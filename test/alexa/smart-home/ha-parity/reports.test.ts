/**
 * ReportState parity with Home Assistant's Alexa integration: each row of `report-cases.ts` asks for
 * the state of one entity and compares the reported properties with HA's tests.
 */
import t from 'tap';
import { REPORT_CASES } from './report-cases.js';
import { checkAbsent, checkProperties, checkSchema, endpointIdOf, eventOf, pendingReason, PARITY_TOKEN, startParity } from './harness.js';

/** Rows that differ from HA on purpose, with the reason (shown as tap todo). */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

const parity = await startParity(t);

for (const row of REPORT_CASES) {
  const todo = KNOWN_DIFFERENCES[row.name] ?? pendingReason(row.entity.id);
  t.test(`${row.name} [${row.ha}]`, todo === undefined ? {} : { todo }, async (t) => {
    parity.prepare([row.entity], row.units);
    const request = {
      directive: {
        header: { namespace: 'Alexa', name: 'ReportState', messageId: 'parity-report', correlationToken: 'parity-corr', payloadVersion: '3' },
        endpoint: { scope: { type: 'BearerToken', token: PARITY_TOKEN }, endpointId: row.endpointId ?? endpointIdOf(row.entity.id), cookie: {} },
        payload: {},
      },
    };
    const response = await parity.invoke(request);
    const event = eventOf(response);
    // HA's tests sometimes address `lock.locked` instead of `lock#locked` (HA accepts both); the
    // echoed endpointId then breaks the schema's pattern, which Alexa itself never sends.
    if (!request.directive.endpoint.endpointId.includes('.')) checkSchema(t, response, 'the StateReport');
    t.ok(parity.fake.requests.every((r) => r.token === PARITY_TOKEN), 'Home Assistant is called with the directive\'s token');
    t.same(parity.fake.calls, [], 'ReportState calls no service');
    const { expect } = row;
    if ('error' in expect) {
      t.equal(event.header.name, 'ErrorResponse', 'an ErrorResponse');
      t.equal(event.payload.type, expect.error, `error type ${expect.error}`);
      return;
    }
    t.equal(event.header.name, 'StateReport', 'a StateReport', { payload: event.payload });
    checkProperties(t, response, expect.properties ?? []);
    checkAbsent(t, response, expect.absent ?? []);
  });
}
