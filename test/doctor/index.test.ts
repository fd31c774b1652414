/**
 * Tests for src/doctor/index.ts through the gateway: `{"diagnostics":"doctor"}` answers a complete,
 * bounded report whatever Home Assistant does (hangs, sends 50 MB) and whatever the event asks, and
 * the token never appears in it.
 */
import t, { type Test } from 'tap';
import { resetColdStart, route } from '../../src/gateway/route.js';
import { resetBreakers } from '../../src/homeassistant/index.js';
import { setLogSink } from '../../src/logging/logger.js';
import { CHECK_STATUSES, type DoctorReport } from '../../src/doctor/index.js';
import { DOCTOR_CHECKS } from '../../src/doctor/checks/index.js';
import { useDoctorHa } from '../fixtures/doctor-ha.js';
import { FakeHomeAssistant, state } from '../fixtures/fake-home-assistant.js';
import { check, doctor, TOKEN, useEnv } from './run-doctor.js';

const lines: string[] = [];
setLogSink((line) => lines.push(line));
const fake = new FakeHomeAssistant({ tokens: [TOKEN], states: [state('light.kitchen', 'on', { friendly_name: 'Kitchen', supported_color_modes: ['onoff'] })] });
const ha = await useDoctorHa(t, fake);
t.beforeEach(() => {
  lines.length = 0;
  resetBreakers();
  resetColdStart();
});

const ALL = DOCTOR_CHECKS.map((entry) => entry.name);

function assertComplete(t: Test, report: DoctorReport, names: readonly string[] = ALL): void {
  t.equal(report.diagnostics, 'doctor');
  t.same(report.checks.map((entry) => entry.name), names, 'one line per check, in the table\'s order');
  for (const entry of report.checks) {
    t.ok((CHECK_STATUSES as readonly string[]).includes(entry.status), `${entry.name}: ${entry.status}`);
    t.type(entry.value, 'string');
    t.ok(entry.value.length <= 400 && entry.fix.length <= 400, `${entry.name} is bounded`);
    if (entry.status === 'fail' || entry.status === 'warn') t.not(entry.fix, '', `${entry.name} says what to do`);
  }
  t.notOk(JSON.stringify(report).includes(TOKEN), 'the token is not in the report');
}

t.test('through the gateway: every check, ok where the setup is right, and one log line', async (t) => {
  useEnv({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, AWS_REGION: 'us-east-1' });
  const report = (await route({ diagnostics: 'doctor' }, { awsRequestId: 'doc-1' })) as DoctorReport;
  assertComplete(t, report);
  t.match(report, { ok: false, status: 'fail', mode: 'native', region: 'us-east-1', url: ha.url });
  for (const name of ['region', 'tcp', 'challenge', 'token', 'mode', 'discovery', 'latency']) t.equal(check(report, name).status, 'ok', name);
  t.equal(check(report, 'dns').status, 'warn', 'a loopback address is not reachable from AWS');
  t.equal(check(report, 'linking').status, 'fail', 'plain http on a random port cannot be linked');
  const summary = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.message === 'invocation');
  t.match(summary, { operation: 'diagnostics:doctor', outcome: 'error', errorType: 'DOCTOR_FAIL', errorMessage: 'linking' });
  t.notOk(lines.join('\n').includes(TOKEN), 'the token is not logged');
});

t.test('a Home Assistant that hangs: the report is still complete, every waiting check timed out', async (t) => {
  for (const path of ['GET /api/', 'GET /auth/authorize', 'POST /auth/token']) ha.special.set(path, 'hang');
  useEnv({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_TIMEOUT: '1' });
  const report = (await route({ diagnostics: 'doctor' })) as DoctorReport;
  assertComplete(t, report);
  t.match(check(report, 'token'), { status: 'fail', code: 'timeout', value: /did not answer \(no answer within 1000 ms\)/ });
  t.match(check(report, 'linking'), { status: 'fail', value: /\/auth\/authorize: .* did not answer/ });
  t.match(check(report, 'discovery'), { status: 'skipped' });
  t.equal(check(report, 'tcp').status, 'ok', 'the port itself answers');
});

t.test('a Home Assistant that sends 50 MB of states: bounded, and named as too large', async (t) => {
  ha.special.set('GET /api/states', { hugeBytes: 50 * 1024 * 1024 });
  const report = await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_TIMEOUT: '20' }, { diagnostics: 'doctor', checks: ['discovery', 'mode'] });
  assertComplete(t, report, ['mode', 'discovery']);
  t.match(check(report, 'discovery'), { status: 'fail', code: 'oversized', value: /larger than 20 MB; the doctor stopped reading/ });
  t.match(check(report, 'mode'), { status: 'ok', value: /GET \/api\/states: too large to count entities/ });
});

t.test('unknown check names are reported, the known ones run, and odd input is cut short', async (t) => {
  const report = await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, { diagnostics: 'doctor', checks: ['token', 'bogus', '<script>x', 42, 'a'.repeat(500)], locales: 'en-US' });
  t.same(report.checks.map((entry) => entry.name), ['request', 'token']);
  t.match(check(report, 'request'), { status: 'warn', code: 'unknown_check', value: `unknown checks: bogus, scriptx, ${'a'.repeat(40)}`, fix: /Name checks from: region, dns, tcp, tls/ });
  const none = await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, { diagnostics: 'doctor', checks: ['nothing-known'] });
  t.same(none.checks.map((entry) => entry.name), ['request', ...ALL], 'no known name: every check runs');
});

t.test('a page that echoes the token back: the report shows [redacted]', async (t) => {
  fake.override((request) => (request.path === '/api/' ? { status: 500, body: `bad token ${request.headers.authorization ?? ''}` } : undefined));
  fake.override(() => undefined);
  const report = await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_ALEXA_MODE: 'proxy' }, { diagnostics: 'doctor', checks: ['token', 'challenge'] });
  t.notOk(JSON.stringify(report).includes(TOKEN));
  t.match(check(report, 'challenge'), { value: /answered plain text \(HTTP 500\)/ });
});

t.test('invalid settings: the gateway answers with the problems, naming the setting', async (t) => {
  useEnv({ HOME_ASSISTANT_TOKEN: TOKEN });
  t.match(await route({ diagnostics: 'doctor' }), { ok: false, problems: [/HOME_ASSISTANT_URL is required/] });
});

t.test('Home Assistant switched off: one settings line that names the setting', async (t) => {
  const off = await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_ENABLED: 'false' });
  t.match(off, { ok: false, url: null, checks: [{ name: 'config', status: 'fail', value: 'HOME_ASSISTANT_ENABLED=false', fix: /HOME_ASSISTANT_ENABLED=true/ }] });
});
