/** Unit tests for src/homeassistant/circuit-breaker.ts: open, cool-down, one probe, close. */
import t from 'tap';
import { CircuitBreaker, PROBE_LEASE_MS } from '../../src/homeassistant/circuit-breaker.js';

t.test('opens after N consecutive failures, waits the cool-down, lets one probe through', async (t) => {
  let now = 0;
  const breaker = new CircuitBreaker(3, 30_000, () => now);
  for (let i = 0; i < 2; i += 1) {
    t.equal(breaker.acquire(), 0);
    breaker.failure();
  }
  t.equal(breaker.state, 'closed', 'two failures are not enough');
  breaker.failure();
  t.equal(breaker.state, 'open');
  t.equal(breaker.acquire(), 30_000, 'callers are told how long to wait');
  now = 29_999;
  t.ok(breaker.acquire() > 0, 'still open just before the cool-down ends');
  now = 30_000;
  t.equal(breaker.state, 'half-open');
  t.equal(breaker.acquire(), 0, 'the probe goes through');
  t.ok(breaker.acquire() > 0, 'a second caller waits for the probe');
  breaker.success();
  t.equal(breaker.state, 'closed');
  t.equal(breaker.acquire(), 0);
});

t.test('a failed probe opens the circuit again for a full cool-down', async (t) => {
  let now = 0;
  const breaker = new CircuitBreaker(1, 1_000, () => now);
  breaker.failure();
  now = 1_000;
  t.equal(breaker.acquire(), 0);
  breaker.failure();
  t.equal(breaker.state, 'open');
  t.equal(breaker.acquire(), 1_000);
});

t.test('a success resets the count of consecutive failures', async (t) => {
  const breaker = new CircuitBreaker(2, 1_000, () => 0);
  breaker.failure();
  breaker.success();
  breaker.failure();
  t.equal(breaker.state, 'closed');
});

t.test('a neutral answer (4xx) during the probe closes the circuit: Home Assistant answered', async (t) => {
  let now = 0;
  const breaker = new CircuitBreaker(1, 10, () => now);
  breaker.failure();
  now = 10;
  t.equal(breaker.acquire(), 0);
  breaker.neutral();
  t.equal(breaker.state, 'closed');
});

t.test('a call the bridge abandoned frees the probe without closing or reopening the circuit', async (t) => {
  let now = 0;
  const breaker = new CircuitBreaker(1, 10, () => now);
  breaker.failure();
  now = 10;
  t.equal(breaker.acquire(), 0, 'the probe goes out');
  t.ok(breaker.acquire() > 0, 'others wait for it');
  breaker.release();
  t.equal(breaker.state, 'half-open', 'no verdict on Home Assistant');
  t.equal(breaker.acquire(), 0, 'the next caller probes');
  breaker.success();
  t.equal(breaker.state, 'closed');
});

t.test('a probe that never settles is a lease: after PROBE_LEASE_MS the next caller probes', async (t) => {
  let now = 0;
  const breaker = new CircuitBreaker(1, 10, () => now);
  breaker.failure();
  now = 10;
  t.equal(breaker.acquire(), 0, 'the probe goes out and is never settled');
  now = 10 + PROBE_LEASE_MS - 1;
  t.ok(breaker.acquire() > 0, 'held until the lease ends');
  now = 10 + PROBE_LEASE_MS;
  t.equal(breaker.acquire(), 0, 'then another caller probes');
  t.ok(PROBE_LEASE_MS > 8_000, 'the lease outlasts any Alexa invocation');
});
