/**
 * The grant in Parameter Store (src/alexa/events/grant-store.ts): read, written and deleted by the
 * function; each refusal names the permission at fault; a grant that cannot be deleted or stored again
 * is logged, never thrown at Home Assistant.
 */
import t from 'tap';
import { deleteGrant, grantName, GrantStoreError, parseGrant, readGrant, writeGrant } from '../../../src/alexa/events/grant-store.js';
import { handleIngest, INGEST_PATH } from '../../../src/alexa/events/ingest.js';
import { GATEWAY_FAILURES } from '../../fixtures/fake-event-gateway.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { configFor, eventsEnv, GRANT, INGEST_SECRET, PREFIX, requestContext, resetWorld, seedGrant, useEventsWorld } from './harness.js';

const STATES = [state('switch.a', 'on', { friendly_name: 'A' })];
const world = useEventsWorld(t, STATES);
t.beforeEach(() => resetWorld(world, STATES));

const DENIED = { code: 'AccessDeniedException', message: 'User: arn:aws:sts::111122223333:assumed-role/x is not authorized to perform this operation' };

async function pokeState(): Promise<Record<string, unknown>> {
  const ctx = requestContext(await configFor(eventsEnv()));
  const answer = await handleIngest({ rawPath: INGEST_PATH, headers: { authorization: `Bearer ${INGEST_SECRET}` }, body: '{"v":1,"kind":"state","entity_id":"switch.a"}', requestContext: { http: { method: 'POST' } } }, ctx);
  ctx.dispose();
  return JSON.parse(answer.body) as Record<string, unknown>;
}

t.test('write, read and delete round-trip under the prefix, as a SecureString', async (t) => {
  t.equal(grantName('/p/'), '/p/alexa/events/grant');
  t.equal(await readGrant(PREFIX, 'eu-west-1'), undefined, 'none yet');
  await writeGrant(PREFIX, 'eu-west-1', { refreshToken: 'Atzr|abc', region: 'eu-west-1', grantedAt: '2026-01-01T00:00:00.000Z' });
  t.equal(world.aws.ssm.store.get(GRANT)?.Type, 'SecureString');
  t.same(await readGrant(PREFIX, 'eu-west-1'), { refreshToken: 'Atzr|abc', region: 'eu-west-1', grantedAt: '2026-01-01T00:00:00.000Z' });
  await deleteGrant(PREFIX, 'eu-west-1');
  t.notOk(world.aws.ssm.store.has(GRANT));
  await deleteGrant(PREFIX, 'eu-west-1');
  t.pass('deleting a grant already gone is fine');
});

t.test('refusals name the permission; other failures say what failed', async (t) => {
  world.aws.ssm.fail('GetParameter', DENIED);
  await t.rejects(readGrant(PREFIX, 'eu-west-1'), { name: 'GrantStoreError', message: /ssm:GetParameter on parameter\/ha-alexa-test\/alexa\/events\/grant/ });
  world.aws.ssm.fail('DeleteParameter', DENIED);
  await t.rejects(deleteGrant(PREFIX, 'eu-west-1'), { message: /ssm:DeleteParameter/ });
  world.aws.ssm.fail('PutParameter', { code: 'ThrottlingException', message: 'Rate exceeded' });
  const error = await writeGrant(PREFIX, 'eu-west-1', { refreshToken: 'Atzr|abc', region: 'eu-west-1', grantedAt: '' }).catch((failure: unknown) => failure);
  t.type(error, GrantStoreError);
  t.match((error as Error).message, /Could not write .* ThrottlingException/);
});

t.test('a parameter that is not a grant is no grant', async (t) => {
  t.equal(parseGrant(undefined), undefined);
  t.equal(parseGrant('not json'), undefined);
  t.equal(parseGrant('{"v":1}'), undefined);
  t.same(parseGrant('{"refresh_token":"Atzr|x"}'), { refreshToken: 'Atzr|x', region: undefined, grantedAt: '' });
});

t.test('a revoked grant that cannot be deleted, and a rotated token that cannot be stored, are logged', async (t) => {
  seedGrant(world);
  world.aws.ssm.fail('DeleteParameter', DENIED);
  world.gateway.injected.push(GATEWAY_FAILURES.SKILL_DISABLED());
  t.same(await pokeState(), { kind: 'state', sent: 0, skipped: 'gateway: SKILL_DISABLED_EXCEPTION' });
  t.match(world.logs.join('\n'), /Could not delete the revoked grant.*ssm:DeleteParameter/);

  resetWorld(world, STATES);
  seedGrant(world);
  world.lwa.rotate = true;
  world.aws.ssm.fail('PutParameter', DENIED);
  t.same(await pokeState(), { kind: 'state', sent: 1 }, 'the report is still sent');
  t.match(world.logs.join('\n'), /rotated the refresh token but it could not be stored/);
});

t.test('a grant that cannot be read is reported as such, and nothing is sent', async (t) => {
  world.aws.ssm.fail('GetParameter', DENIED);
  t.same(await pokeState(), { kind: 'state', sent: 0, skipped: 'gateway: GRANT_UNREADABLE' });
  t.same(world.gateway.received, []);
  t.match(world.logs.join('\n'), /ssm:GetParameter/);
});
