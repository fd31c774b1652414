/**
 * Tests for scripts/skill/smapi-client.ts and http-json.ts: retries of a busy SMAPI, answers that
 * are not what the reference promises, and the diff that decides whether anything is written.
 */
import t, { type Test } from 'tap';
import { SmapiClient } from '../../../scripts/skill/smapi-client.js';
import { SmapiError } from '../../../scripts/skill/smapi-errors.js';
import { differingPaths } from '../../../scripts/skill/json-diff.js';
import { startLoopbackServer, type LoopbackReply } from '../../fixtures/loopback-server.js';

async function serve(t: Test, replies: LoopbackReply[]) {
  const seen: string[] = [];
  const server = await startLoopbackServer((request) => {
    seen.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
    return replies.shift() ?? { status: 500 };
  });
  t.teardown(() => server.close());
  return { client: new SmapiClient({ endpoint: `${server.url}/`, accessToken: 'tok', retries: 2, retryDelayMs: 1 }), seen };
}

t.test('429 and 5xx are retried with a pause, then reported', async (t) => {
  const busy = await serve(t, [{ status: 429, body: { message: 'slow down' } }, { status: 503 }, { status: 200, body: { vendors: [{ id: 'V', name: 'Me' }] } }]);
  t.same(await busy.client.listVendors(), [{ id: 'V', name: 'Me' }]);
  t.equal(busy.seen.length, 3);
  t.match(busy.seen[0], 'GET /v1/vendors Bearer tok', 'no double slash, bearer token');

  const down = await serve(t, [{ status: 500 }, { status: 500 }, { status: 502, body: { message: 'Bad gateway' } }]);
  const error = await down.client.listVendors().catch((err: unknown) => err);
  t.ok(error instanceof SmapiError && error.status === 502, 'after the retries');
  t.match((error as Error).message, /SMAPI answered 502 to list your vendor IDs: Bad gateway/);
  t.equal(down.seen.length, 3);
});

t.test('answers without what the reference promises', async (t) => {
  const odd = await serve(t, [
    { status: 202, body: {} },
    { status: 200 },
    { status: 200, body: { skills: [{ skillId: 'a' }] } },
    { status: 200, headers: { 'content-type': 'application/json' } },
  ]);
  await t.rejects(odd.client.createSkill('V', { manifest: {} }, 'the Custom skill'), /SMAPI answered 202 to create the Custom skill: the answer has no skillId/);
  t.same(await odd.client.listVendors(), [], 'an empty body lists no vendor');
  t.same(await odd.client.listSkills('V'), [{ skillId: 'a' }], 'one page when not truncated');
  t.same(await odd.client.getStatus('a', 'x'), {}, 'an empty status');

  const { fetchJson } = await import('../../../scripts/skill/http-json.js');
  const raw = await startLoopbackServer(() => ({ status: 400, body: 'not json', headers: { 'content-type': 'application/json' } }));
  t.teardown(() => raw.close());
  const answer = await fetchJson(raw.url, { method: 'GET' }, 'x');
  t.equal(answer.status, 400);
  t.equal(typeof answer.body, 'string', 'JSON that does not parse stays text');
});

t.test('differingPaths: what we send must be there; what SMAPI adds does not count', (t) => {
  t.same(differingPaths({ a: 1, extra: true }, { a: 1 }), []);
  t.same(differingPaths({ a: { b: [1, 2] } }, { a: { b: [1, 3] } }), ['a.b[1]']);
  t.same(differingPaths({ a: [1] }, { a: [1, 2] }), ['a'], 'a shorter list differs');
  t.same(differingPaths({ a: 'x' }, { a: { b: 1 } }), ['a']);
  t.same(differingPaths([], {}), ['(root)']);
  t.same(differingPaths({}, []), ['(root)']);
  t.same(differingPaths(1, 2), ['(root)']);
  t.end();
});
