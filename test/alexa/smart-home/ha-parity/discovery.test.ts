/**
 * Discovery parity with Home Assistant's Alexa integration: each row of `discovery-cases.ts` puts
 * its entities into the fake HA, sends `Alexa.Discovery.Discover` and compares the endpoint with
 * what HA's own tests expect.
 */
import t from 'tap';
import { DISCOVERY_CASES } from './discovery-cases.js';
import { checkSchema, endpointIdOf, eventOf, matches, pendingReason, PARITY_TOKEN, startParity } from './harness.js';

type Json = Record<string, unknown>;

/** Rows that differ from HA on purpose, with the reason (shown as tap todo). */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

const parity = await startParity(t);
const discover = { directive: { header: { namespace: 'Alexa.Discovery', name: 'Discover', messageId: 'parity-discover', payloadVersion: '3' }, payload: { scope: { type: 'BearerToken', token: PARITY_TOKEN } } } };

for (const row of DISCOVERY_CASES) {
  // A domain without an adapter is exactly what a "not discovered" row expects, so only the others can be pending.
  const todo = KNOWN_DIFFERENCES[row.name] ?? (row.expect === 'not-discovered' ? undefined : [row.entity, ...(row.others ?? [])].map((e) => pendingReason(e.id)).find((reason) => reason !== undefined));
  t.test(`${row.name} [${row.ha}]`, todo === undefined ? {} : { todo }, async (t) => {
    parity.prepare([row.entity, ...(row.others ?? [])], row.units, row.filter, row.haConfig);
    const response = await parity.invoke(discover);
    const event = eventOf(response);
    t.equal(`${String(event.header.namespace)}.${String(event.header.name)}`, 'Alexa.Discovery.Discover.Response', 'a Discover.Response');
    checkSchema(t, response, 'the Discover.Response');
    t.ok(parity.fake.requests.every((request) => request.token === PARITY_TOKEN), 'Home Assistant is called with the token of payload.scope');
    const endpoints = (event.payload.endpoints as Json[] | undefined) ?? [];
    const { expect } = row;
    if (expect === 'not-discovered') {
      t.same(endpoints.map((e) => e.endpointId), [], 'no endpoint');
      return;
    }
    if ('count' in expect) {
      t.equal(endpoints.length, expect.count, `${expect.count} endpoint(s)`);
      return;
    }
    const id = expect.endpointId ?? endpointIdOf(row.entity.id);
    const endpoint = endpoints.find((e) => e.endpointId === id);
    if (endpoint === undefined) {
      t.fail(`endpoint ${id} is discovered`, { found: endpoints.map((e) => e.endpointId) });
      return;
    }
    t.equal((endpoint.displayCategories as string[] | undefined)?.[0], expect.category, `display category ${expect.category}`);
    if (expect.friendlyName !== undefined) t.equal(endpoint.friendlyName, expect.friendlyName, 'friendly name');
    if (expect.description !== undefined) t.equal(endpoint.description, expect.description, 'description');
    const capabilities = (endpoint.capabilities as Json[] | undefined) ?? [];
    t.same([...new Set(capabilities.map((c) => String(c.interface)))].sort(), [...expect.interfaces].sort(), 'the set of interfaces');
    if (expect.instances !== undefined) {
      const instances = capabilities.filter((c) => c.instance !== undefined).map((c) => `${String(c.interface)}:${String(c.instance)}`);
      t.same(instances.sort(), [...expect.instances].sort(), 'the controller instances');
    }
    for (const check of expect.capabilities ?? []) {
      const capability = capabilities.find((c) => c.interface === check.interface && (check.instance === undefined || c.instance === check.instance));
      const label = `${check.interface}${check.instance === undefined ? '' : ` ${check.instance}`}`;
      t.ok(capability !== undefined && matches(capability, check.contains), `${label} has ${JSON.stringify(check.contains).slice(0, 160)}`, { found: capability });
    }
    if (expect.endpointContains !== undefined) t.ok(matches(endpoint, expect.endpointContains), 'endpoint fields', { found: endpoint });
  });
}
