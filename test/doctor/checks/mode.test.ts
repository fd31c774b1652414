/**
 * Tests for src/doctor/checks/mode.ts: proxy mode needs `/api/alexa/smart_home` (404: YAML missing;
 * 405: something strips POST); native mode needs `/api/states` and `/api/services`.
 */
import t from 'tap';
import { useDoctorHa } from '../../fixtures/doctor-ha.js';
import { FakeHomeAssistant, state } from '../../fixtures/fake-home-assistant.js';
import { check, doctor, TOKEN } from '../run-doctor.js';

const fake = new FakeHomeAssistant({ tokens: [TOKEN], states: [state('light.kitchen', 'on', { friendly_name: 'Kitchen', supported_color_modes: ['onoff'] })] });
const ha = await useDoctorHa(t, fake);
t.beforeEach(() => {
  fake.smartHome = undefined;
});

const only = { diagnostics: 'doctor', checks: ['mode'] };
const proxyEnv = () => ({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_ALEXA_MODE: 'proxy' });
const nativeEnv = () => ({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN });

t.test('proxy, 404: the `alexa: smart_home:` YAML is missing', async (t) => {
  t.match(check(await doctor(proxyEnv(), only), 'mode'), { status: 'fail', code: 'alexa_yaml_missing', value: /HTTP 404/, fix: /`alexa:` with `smart_home:` under it to configuration\.yaml/ });
});

t.test('proxy, 405: something in front strips POST', async (t) => {
  fake.override((request) => (request.path === '/api/alexa/smart_home' ? { status: 405, headers: { server: 'Caddy' }, body: 'Method Not Allowed' } : undefined));
  t.match(check(await doctor(proxyEnv(), only), 'mode'), { status: 'fail', code: 'post_blocked', value: /HTTP 405 Method Not Allowed from Caddy/, fix: /strips POST/ });
});

t.test('proxy, Home Assistant answers Discover: ok', async (t) => {
  fake.smartHome = () => ({ status: 200, body: { event: { header: { name: 'Discover.Response' }, payload: { endpoints: [] } } } });
  t.match(check(await doctor(proxyEnv(), only), 'mode'), { status: 'ok', value: /POST \/api\/alexa\/smart_home answered Discover \(HTTP 200/ });
});

t.test('proxy, an HTML page or a 500 is named', async (t) => {
  fake.smartHome = () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' });
  t.match(check(await doctor(proxyEnv(), only), 'mode'), { status: 'fail', code: 'html' });
  fake.smartHome = () => ({ status: 500, body: 'Internal Server Error' });
  t.match(check(await doctor(proxyEnv(), only), 'mode'), { status: 'fail', code: 'http_error', value: /HTTP 500: Internal Server Error/ });
});

t.test('native: /api/states and /api/services answer, counted', async (t) => {
  t.match(check(await doctor(nativeEnv(), only), 'mode'), { status: 'ok', value: /^GET \/api\/states: 1 entities; GET \/api\/services: \d+ domains$/ });
});

t.test('native: a proxy refusing /api/services with 405, or a challenge on /api/states, fails', async (t) => {
  fake.override((request) => (request.path === '/api/services' ? { status: 405, body: 'no' } : undefined));
  t.match(check(await doctor(nativeEnv(), only), 'mode'), { status: 'fail', code: 'method_blocked', value: /GET \/api\/services: HTTP 405/ });
  fake.reset();
  fake.override((request) =>
    request.path === '/api/states' ? { status: 403, headers: { 'cf-mitigated': 'challenge', 'content-type': 'text/html' }, body: '<html>cf-chl</html>' } : undefined,
  );
  t.match(check(await doctor(nativeEnv(), only), 'mode'), { status: 'fail', code: 'challenge' });
  fake.reset();
  fake.override((request) => (request.path === '/api/services' ? { status: 500, body: 'oops' } : undefined));
  t.match(check(await doctor(nativeEnv(), only), 'mode'), { status: 'fail', code: 'http_error', fix: /REST API/ });
});
