/**
 * Tests for scripts/skill/smapi-client.ts and http-json.ts: retries of a busy SMAPI (but never of a
 * create), redirects followed by hand, answers that are not what the reference promises, and the
 * diff that decides whether anything is written.
 */
import t, { type Test } from 'tap';
import { SmapiClient } from '../../../scripts/skill/smapi-client.js';
import { SmapiError } from '../../../scripts/skill/smapi-errors.js';
import { UnreachableError } from '../../../scripts/skill/http-json.js';
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

t.test('a 5xx or no answer to POST /v1/skills is never retried (the skill may exist); a 429 is', async (t) => {
  const failing = await serve(t, [{ status: 500, body: { message: 'Internal Server Error.' } }, { status: 202, body: { skillId: 'twice' } }]);
  const error = await failing.client.createSkill('V', { manifest: {} }, 'the Custom skill').catch((err: unknown) => err);
  t.ok(error instanceof SmapiError && error.status === 500, 'the 500 is reported');
  t.equal(failing.seen.length, 1, 'one POST only');

  const throttled = await serve(t, [{ status: 429, body: { message: 'slow down' } }, { status: 202, body: { skillId: 'amzn1.ask.skill.x' }, headers: { location: '/v1/skills/amzn1.ask.skill.x/status?resource=manifest' } }]);
  t.equal(await throttled.client.createSkill('V', { manifest: {} }, 'the Custom skill'), 'amzn1.ask.skill.x', 'a 429 means not done: asked again');

  const { createServer } = await import('node:http');
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => {
    silent.closeAllConnections();
    silent.close(() => resolve());
  }));
  const { port } = silent.address() as { port: number };
  const slow = new SmapiClient({ endpoint: `http://127.0.0.1:${port}`, accessToken: 'tok', retries: 2, retryDelayMs: 1, timeoutMs: 50 });
  const timeout = await slow.createSkill('V', { manifest: {} }, 'the Custom skill').catch((err: unknown) => err);
  t.ok(timeout instanceof UnreachableError, 'no answer is its own error, so the caller looks the skill up');
  t.match((timeout as Error).message, /SMAPI \(SMAPI_ENDPOINT\) at http:\/\/127\.0\.0\.1:\d+ did not answer in time/);
});

t.test('a 303 to a manifest read is followed once, on SMAPI\'s host only, with the same token', async (t) => {
  const manifest = { manifest: { manifestVersion: '1.0' } };
  const seeOther = await serve(t, [{ status: 303, headers: { location: '/v1/skills/s/stages/development/manifest?version=2' } }, { status: 200, body: manifest }]);
  t.same(await seeOther.client.getManifest('s', 'the Custom skill'), manifest);
  t.same(seeOther.seen, ['GET /v1/skills/s/stages/development/manifest Bearer tok', 'GET /v1/skills/s/stages/development/manifest?version=2 Bearer tok']);

  const elsewhere = await serve(t, [{ status: 303, headers: { location: 'https://collector.example/manifest' } }]);
  await t.rejects(elsewhere.client.getManifest('s', 'the Custom skill'), /SMAPI answered 303 to read the Custom skill's manifest with a Location on another host \(https:\/\/collector\.example\); not following it, so the access token stays with http:\/\/127\.0\.0\.1:\d+/);
  t.equal(elsewhere.seen.length, 1, 'the token never left');

  const loop = await serve(t, [{ status: 303, headers: { location: '/a' } }, { status: 303, headers: { location: '/b' } }]);
  await t.rejects(loop.client.getManifest('s', 'the Custom skill'), /SMAPI answered 303 to read the Custom skill's manifest: redirected again after a 303 \(to \/b\); not following a second time/);
  const noLocation = await serve(t, [{ status: 303 }]);
  await t.rejects(noLocation.client.getManifest('s', 'the Custom skill'), /the redirect has no Location/);
  const put = await serve(t, [{ status: 303, headers: { location: '/a' } }]);
  await t.rejects(put.client.putManifest('s', manifest, 'the Custom skill'), /SMAPI answered 303 to update the Custom skill's manifest/, 'a write is not redirected');
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
