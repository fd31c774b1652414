/**
 * Tests for src/doctor/checks/registry.ts: with `HA_EXPOSURE=assist|label`, the registry is read over
 * the fake Home Assistant's WebSocket API (ha-server.ts) with the stored token, which must be an
 * administrator's; an invalid token is never tried over the WebSocket (Home Assistant bans IPs after
 * failed logins).
 */
import t from 'tap';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { startHaServer } from '../../fixtures/ha-server.js';
import { check, doctor, TOKEN } from '../run-doctor.js';

const VIEWER = 'viewer-token-0123456789abcdef';
const home = new FakeHomeAssistant({ tokens: [TOKEN, VIEWER] });
home.registry.entries.set('binary_sensor.front_door', { entity_id: 'binary_sensor.front_door', labels: ['alexa'] });
home.registry.entries.set('light.kitchen', { entity_id: 'light.kitchen' });
home.registry.nonAdminTokens.add(VIEWER);
const ha = await startHaServer(home);
t.teardown(() => ha.close());

const run = (env: Record<string, string>) => doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, ...env }, { diagnostics: 'doctor', checks: ['token', 'registry'] });

t.test('HA_EXPOSURE=filter: skipped, no WebSocket opened', async (t) => {
  const before = home.registry.connections;
  t.match(check(await run({}), 'registry'), { status: 'skipped', value: 'HA_EXPOSURE=filter: no WebSocket' });
  t.equal(home.registry.connections, before);
});

t.test('an administrator\'s token reads the registry: ok, with the counts', async (t) => {
  t.match(check(await run({ HA_EXPOSURE: 'label' }), 'registry'), { status: 'ok', value: '2 registry entries (1 labelled), read with an administrator\'s token' });
  t.ok(home.registry.commands.some((command) => command.type === 'homeassistant/expose_entity/list'));
});

t.test('a non-administrator\'s token fails naming the fix, without the token in the report', async (t) => {
  const report = await run({ HA_EXPOSURE: 'assist', HOME_ASSISTANT_TOKEN: VIEWER });
  t.match(check(report, 'registry'), { status: 'fail', code: 'not_admin', fix: /HA_EXPOSURE=assist needs an administrator's long-lived token/ });
  t.notOk(JSON.stringify(report).includes(VIEWER));
});

t.test('a token the REST API refuses is never tried over the WebSocket', async (t) => {
  const before = home.registry.connections;
  const report = await run({ HA_EXPOSURE: 'label', HOME_ASSISTANT_TOKEN: 'deleted-token-0123456789abcdef' });
  t.match(check(report, 'token'), { status: 'fail', code: 'invalid_token' });
  t.match(check(report, 'registry'), { status: 'skipped', value: /until the token line passes/ });
  t.equal(home.registry.connections, before, 'no WebSocket login with a rejected token');
});
