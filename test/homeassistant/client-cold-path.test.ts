/**
 * What the Home Assistant client does not do on a cold start's first request: a proxy-mode request
 * never reads the state cache, so it never hashes the token for a cache key (which would load
 * node:crypto, ~5–15 ms of a cold start); discovery, which does use the cache, hashes it once.
 */
import t from 'tap';
import { createDeadline } from '../../src/gateway/deadline.js';
import type * as Client from '../../src/homeassistant/client.js';
import type * as Cache from '../../src/homeassistant/cache.js';
import { HA_URL, useFakeHa } from '../fixtures/ha-msw.js';
import { state } from '../fixtures/fake-home-assistant.js';

const TOKEN = 'cold-path-token-0123456789';
const { fake } = useFakeHa(t, { states: [state('light.kitchen', 'off', { friendly_name: 'Kitchen' })], tokens: [TOKEN] });

t.test('the token is hashed for a cache key only when the cache is used', async (t) => {
  // Prepare: count the hashes through the real cache module.
  const real = await import('../../src/homeassistant/cache.js');
  let hashed = 0;
  const { HomeAssistantClient } = await t.mockImport<typeof Client>('../../src/homeassistant/client.js', {
    '../../src/homeassistant/cache.js': { ...real, cacheKey: (...args: Parameters<typeof Cache.cacheKey>) => ((hashed += 1), real.cacheKey(...args)) },
  });
  fake.smartHome = () => ({ status: 200, body: { event: { header: { name: 'Response' } } } });
  const deadline = createDeadline(2000);
  t.teardown(() => deadline.dispose());
  const client = new HomeAssistantClient({ baseUrl: HA_URL, token: TOKEN, deadline, verifySsl: true, caBundle: undefined, cacheTtlSeconds: 60, circuitFailureThreshold: 5, circuitCooldownSeconds: 30 });

  // Act and assess
  t.match(await client.forwardSmartHome({ directive: {} }), { status: 200 });
  t.equal(hashed, 0, 'a proxy-mode request needs no cache key');
  t.equal((await client.getStates()).length, 1);
  t.equal((await client.getStates()).length, 1, 'the second read is cached');
  t.equal(hashed, 1, 'the key is computed once per client');
});
