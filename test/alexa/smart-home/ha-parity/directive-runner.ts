/**
 * The directive runner shared by the two directive parity files (split so that each file stays well
 * inside tap's per-file timeout on a busy 2-core machine).
 */
import type { Test } from 'tap';
import type { DirectiveCase } from './types.js';
import { checkProperties, checkSchema, endpointIdOf, eventOf, matches, pendingReason, PARITY_TOKEN, type Parity } from './harness.js';

type Json = Record<string, unknown>;

function build(row: DirectiveCase): Json {
  const { directive } = row;
  const header: Json = { namespace: directive.namespace, name: directive.name, messageId: 'parity-msg', correlationToken: 'parity-corr', payloadVersion: '3' };
  if (directive.instance !== undefined) header.instance = directive.instance;
  const body: Json = { header, payload: directive.payload ?? {} };
  if (directive.withoutEndpoint !== true) {
    body.endpoint = { scope: { type: 'BearerToken', token: PARITY_TOKEN }, endpointId: directive.endpointId ?? endpointIdOf(row.entity.id), cookie: {} };
  }
  return { directive: body };
}

/** Runs each row as a subtest: a todo when its family is missing or it is a listed difference. */
export function runDirectiveRows(t: Test, parity: Parity, rows: readonly DirectiveCase[], knownDifferences: Readonly<Record<string, string>>): void {
  for (const row of rows) {
    const key = `${row.directive.namespace}.${row.directive.name}`;
    const todo = knownDifferences[row.name] ?? (row.directive.withoutEndpoint === true ? undefined : pendingReason(row.entity.id, 'error' in row.expect ? undefined : key));
    t.test(`${row.name} [${row.ha}]`, todo === undefined ? {} : { todo }, async (t) => {
      parity.prepare([row.entity], row.units);
      const response = await parity.invoke(build(row));
      const event = eventOf(response);
      checkSchema(t, response, `the answer to ${key}`);
      t.ok(parity.fake.requests.every((request) => request.token === PARITY_TOKEN), 'Home Assistant is called with the directive\'s token');
      t.ok(parity.fake.requests.every((request) => /^\/api\/(states(\/.*)?|config|services\/[^/]+\/[^/]+)$/.test(request.path)), 'only the REST endpoints of native mode are used', { paths: parity.fake.requests.map((r) => r.path) });
      const { expect } = row;
      if ('error' in expect) {
        t.equal(event.header.name, 'ErrorResponse', 'an ErrorResponse');
        t.equal(event.payload.type, expect.error, `error type ${expect.error}`);
        if (expect.message !== undefined) t.equal(event.payload.message, expect.message, 'HA\'s error message');
        t.same(parity.fake.calls, [], 'no service call');
        return;
      }
      t.equal(event.header.name, expect.response ?? 'Response', `response ${expect.response ?? 'Response'}`, { payload: event.payload });
      if (expect.namespace !== undefined) t.equal(event.header.namespace, expect.namespace, `namespace ${expect.namespace}`);
      const entityId = row.entity.id;
      const wanted = expect.calls.map((c) => {
        const dot = c.service.indexOf('.');
        return { domain: c.service.slice(0, dot), service: c.service.slice(dot + 1), data: { entity_id: c.entityId ?? entityId, ...c.data } };
      });
      t.same(parity.fake.calls.map((c) => ({ domain: c.domain, service: c.service, data: c.data })), wanted, `calls ${expect.calls.map((c) => c.service).join(', ') || 'nothing'}`);
      if (expect.payload !== undefined) t.ok(matches(event.payload, expect.payload), 'response payload', { found: event.payload });
      if (expect.context !== undefined) checkProperties(t, response, expect.context);
    });
  }
}
