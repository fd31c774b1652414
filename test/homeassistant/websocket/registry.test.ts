/**
 * Unit tests for src/homeassistant/websocket/{registry,session,connection}.ts against the loopback
 * fake Home Assistant (its WebSocket side is the `ws` package, not this client): auth, the pipelined
 * commands, the admin refusal, aliases, fragmented messages and pings, TLS with HA_CA_BUNDLE and with
 * HA_VERIFY_SSL=false, the deadline, and that no socket outlives a read.
 */
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { createDeadline } from '../../../src/gateway/deadline.js';
import { tlsOptionsFor } from '../../../src/homeassistant/agent.js';
import { targetFor } from '../../../src/homeassistant/http.js';
import { HomeAssistantClient } from '../../../src/homeassistant/index.js';
import type { HaCallRecord } from '../../../src/homeassistant/types.js';
import { readRegistry, type ReadRegistryOptions } from '../../../src/homeassistant/websocket/registry.js';
import { HaWebSocketError } from '../../../src/homeassistant/websocket/session.js';
import { makeChain, opensslAvailable } from '../../fixtures/certificates.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { closedWithin, exposedEntry } from '../../fixtures/fake-ha-registry.js';
import { startHaServer } from '../../fixtures/ha-server.js';
import { attachHaWebSocket, type WebSocketBehaviour } from '../../fixtures/ha-websocket.js';

const TOKEN = 'ws-registry-token-7c1f9a2b';

function deadline(t: Test, budgetMs = 2_000): ReturnType<typeof createDeadline> {
  const made = createDeadline(budgetMs);
  t.teardown(() => made.dispose());
  return made;
}

/** Options as the client builds them: `/api/websocket` under `baseUrl`, the REST connection's TLS settings. */
function options(t: Test, baseUrl: string, extra: Partial<ReadRegistryOptions> & { verifySsl?: boolean; caBundle?: string } = {}): ReadRegistryOptions {
  const { verifySsl = true, caBundle, ...rest } = extra;
  return { target: targetFor(baseUrl, '/api/websocket'), tls: tlsOptionsFor({ verifySsl, caBundle }), token: TOKEN, abort: deadline(t), ...rest };
}

async function homeWith(t: Test, behaviour?: WebSocketBehaviour): Promise<{ fake: FakeHomeAssistant; url: string }> {
  const fake = new FakeHomeAssistant({ tokens: [TOKEN] });
  fake.registry.set(exposedEntry('light.kitchen', true, { labels: ['alexa'], aliases: ['Cooker light', 'Kitchen'] }));
  fake.registry.set({ entity_id: 'switch.fan', options: {} });
  fake.registry.legacy.set('light.yaml_only', { conversation: false });
  const ha = await startHaServer(fake);
  t.teardown(() => ha.close());
  if (behaviour !== undefined) {
    // The default endpoint answers first; a test's own behaviour replaces it.
    ha.server.removeAllListeners('upgrade');
    t.teardown(attachHaWebSocket(ha.server, fake, behaviour));
  }
  return { fake, url: ha.url };
}

async function failure(promise: Promise<unknown>): Promise<HaWebSocketError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HaWebSocketError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

t.test('one session: auth, three pipelined commands, then close', async (t) => {
  const { fake, url } = await homeWith(t);
  const read = await readRegistry(options(t, url));
  t.same(read.entries.map((entry) => entry.entity_id), ['light.kitchen', 'switch.fan']);
  t.match(read.entries[0], { labels: ['alexa'], options: { conversation: { should_expose: true } }, hidden_by: null, disabled_by: null, entity_category: null });
  t.same(read.exposed.get('light.yaml_only'), { conversation: false }, 'legacy entities come from expose_entity/list');
  t.equal(read.exposeNew, true);
  t.equal(read.aliases.size, 0, 'no aliases unless asked');
  t.same(fake.registry.commands.map((command) => command.type), ['config/entity_registry/list', 'homeassistant/expose_entity/list', 'homeassistant/expose_new_entities/get']);
  t.same(fake.registry.commands[2]?.body, { id: 3, type: 'homeassistant/expose_new_entities/get', assistant: 'conversation' });
  t.equal(fake.registry.connections, 1);
  await closedWithin(fake, 1_000);
  t.equal(fake.registry.open, 0, 'the connection is closed when the read returns');
});

t.test('aliases: one more command for the chosen entities; the first alias of each', async (t) => {
  const { fake, url } = await homeWith(t);
  const read = await readRegistry(options(t, url, { aliasesFor: (partial) => partial.entries.map((entry) => entry.entity_id) }));
  t.same([...read.aliases], [['light.kitchen', 'Cooker light']], 'switch.fan has none');
  t.same(fake.registry.commands.at(-1)?.body, { id: 4, type: 'config/entity_registry/get_entries', entity_ids: ['light.kitchen', 'switch.fan'] });
});

t.test('a refused token and a non-admin token fail with messages naming the fix, never the token', async (t) => {
  const { fake, url } = await homeWith(t);
  const invalid = await failure(readRegistry(options(t, url, { token: 'wrong-token-0000000000' })));
  t.equal(invalid.reason, 'auth');
  t.match(invalid.message, /refused the access token \(auth_invalid\): create a new long-lived access token/);
  fake.registry.nonAdminTokens.add(TOKEN);
  const admin = await failure(readRegistry(options(t, url)));
  t.equal(admin.reason, 'admin');
  t.match(admin.message, /homeassistant\/expose_entity\/list: .*the token must belong to an administrator/);
  for (const error of [invalid, admin]) t.notMatch(error.message, TOKEN.slice(0, 8));
  await closedWithin(fake, 1_000);
  t.equal(fake.registry.open, 0, 'closed after a refusal too');
});

t.test('fragmented messages and pings from Home Assistant are handled', async (t) => {
  const { url } = await homeWith(t, { fragment: true, ping: true });
  const read = await readRegistry(options(t, url));
  t.equal(read.entries.length, 2);
});

t.test('an upgrade the server (or a proxy) does not accept fails naming it', async (t) => {
  const { url } = await homeWith(t, { refuseWithStatus: 400 });
  const error = await failure(readRegistry(options(t, url)));
  t.equal(error.reason, 'protocol');
  t.match(error.message, /answered HTTP 400 instead of switching to WebSocket .*Upgrade header/);
});

t.test('a hung Home Assistant is given up at the deadline, and the socket closed', async (t) => {
  const { fake, url } = await homeWith(t, { hang: true });
  const error = await failure(readRegistry(options(t, url, { abort: deadline(t, 300) })));
  t.equal(error.reason, 'timeout', 'given up at the deadline');
  await closedWithin(fake, 1_000);
  t.equal(fake.registry.open, 0, 'no socket outlives the invocation');
});

t.test('an unreachable Home Assistant fails as unreachable', async (t) => {
  const error = await failure(readRegistry(options(t, 'http://127.0.0.1:1')));
  t.equal(error.reason, 'unreachable');
  t.match(error.message, /ECONNREFUSED/);
});

t.test('a message over 16 MiB is refused (17 MiB of registry)', async (t) => {
  const { fake, url } = await homeWith(t);
  const name = 'n'.repeat(17 * 1024);
  for (let i = 0; i < 1024; i += 1) fake.registry.set({ entity_id: `light.big_${i}`, name });
  const error = await failure(readRegistry(options(t, url, { abort: deadline(t, 5_000) })));
  t.equal(error.reason, 'protocol');
  t.match(error.message, /larger than the 16 MiB limit/);
});

t.test('wss:// with HA_CA_BUNDLE, with HA_VERIFY_SSL=false, and refused without either', { skip: opensslAvailable() ? false : 'openssl is not installed' }, async (t) => {
  const chain = makeChain(30, ['127.0.0.1']);
  const fake = new FakeHomeAssistant({ tokens: [TOKEN] });
  fake.registry.set({ entity_id: 'light.tls' });
  const server = createHttpsServer({ key: chain.leaf.key, cert: chain.leaf.cert });
  const detach = attachHaWebSocket(server, fake);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    detach();
    server.closeAllConnections();
    server.close();
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.same((await readRegistry(options(t, url, { caBundle: chain.ca }))).entries.map((entry) => entry.entity_id), ['light.tls'], 'the private CA is trusted');
  t.equal((await readRegistry(options(t, url, { verifySsl: false }))).entries.length, 1, 'verification off for this connection');
  const refused = await failure(readRegistry(options(t, url)));
  t.equal(refused.reason, 'unreachable');
  t.match(refused.message, /TLS failed .*HA_CA_BUNDLE/);
  t.equal(process.env.NODE_TLS_REJECT_UNAUTHORIZED, undefined, 'nothing process-wide was changed');
});

t.test('answers of the wrong shape are protocol errors naming the command', async (t) => {
  const { fake, url } = await homeWith(t);
  const cases: [string, unknown, RegExp][] = [
    ['config/entity_registry/list', { not: 'a list' }, /config\/entity_registry\/list: unexpected answer .*expected a list of entries/],
    ['homeassistant/expose_entity/list', [], /homeassistant\/expose_entity\/list: unexpected answer/],
    ['homeassistant/expose_new_entities/get', { expose_new: 'yes' }, /expose_new_entities\/get: unexpected answer/],
    ['config/entity_registry/get_entries', [], /get_entries: unexpected answer/],
  ];
  for (const [type, result, pattern] of cases) {
    fake.registry.override = (command) => (command.type === type ? { result } : undefined);
    const error = await failure(readRegistry(options(t, url, { aliasesFor: () => ['light.kitchen'] })));
    t.equal(error.reason, 'protocol', type);
    t.match(error.message, pattern, type);
  }
  fake.registry.override = (command) => (command.type === 'config/entity_registry/list' ? { result: [null, { entity_id: 7 }, { entity_id: 'light.x', labels: 'alexa', options: [] }] } : undefined);
  const read = await readRegistry(options(t, url));
  t.same(read.entries, [{ entity_id: 'light.x', labels: [], options: {}, hidden_by: null, disabled_by: null, entity_category: null }], 'malformed entries are skipped or normalised');
  fake.registry.override = undefined;
});

t.test('an unknown command is an error naming Home Assistant\'s code', async (t) => {
  const { url } = await homeWith(t);
  const { openHaSession } = await import('../../../src/homeassistant/websocket/session.js');
  const session = await openHaSession(options(t, url));
  const error = await failure(session.command('no/such_command'));
  t.equal(error.reason, 'command');
  t.match(error.message, /no\/such_command: Home Assistant answered an error \(unknown_command: Unknown command\.\)/);
  await session.close();
});

t.test('something that is not Home Assistant on /api/websocket is a protocol error', async (t) => {
  const { WebSocketServer } = await import('ws');
  const { createServer } = await import('node:http');
  const server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  let first = '{"type":"hello"}';
  server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => ws.send(first)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    wss.close();
    server.close();
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.match((await failure(readRegistry(options(t, url)))).message, /expected auth_required first, got "hello"/);
  first = 'not json';
  t.match((await failure(readRegistry(options(t, url)))).message, /not JSON/);
  first = '[1]';
  t.match((await failure(readRegistry(options(t, url)))).message, /not a JSON object/);
});

t.test('the client sends the REST calls\' Cloudflare Access service token with the upgrade, and records the call', async (t) => {
  const fake = new FakeHomeAssistant({ tokens: [TOKEN] });
  const ha = await startHaServer(fake);
  t.teardown(() => ha.close());
  const seen: Record<string, unknown>[] = [];
  ha.server.prependListener('upgrade', (request: { headers: Record<string, unknown> }) => seen.push(request.headers));
  const calls: HaCallRecord[] = [];
  const client = new HomeAssistantClient({
    baseUrl: ha.url, token: TOKEN, deadline: deadline(t), verifySsl: true, caBundle: undefined, cacheTtlSeconds: 0, circuitFailureThreshold: 100, circuitCooldownSeconds: 1,
    cfAccess: { clientId: 'access-id.access', clientSecret: 'access-secret-5f2e8d1c' }, onCall: (call) => calls.push(call),
  });
  await client.readRegistry();
  t.match(seen[0], { 'cf-access-client-id': 'access-id.access', 'cf-access-client-secret': 'access-secret-5f2e8d1c' });
  t.equal(seen[0]?.authorization, undefined);
  t.match(calls, [{ method: 'WS', path: '/api/websocket', status: 101 }]);
  fake.registry.nonAdminTokens.add(TOKEN);
  await t.rejects(client.readRegistry(), /administrator/);
  t.match(calls.at(-1), { method: 'WS', status: null, error: 'admin' }, 'a failure is recorded with its reason, not its message');
});
