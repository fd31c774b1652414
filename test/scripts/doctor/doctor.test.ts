/**
 * Tests for scripts/doctor/doctor.ts, report.ts and table.ts: `npm run doctor` here against a
 * loopback Home Assistant, and with --lambda through the fake AWS, where the fake function answers
 * with the real doctor's report.
 */
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { createMain } from '../../../scripts/doctor/doctor.js';
import { toDoctorReport } from '../../../scripts/doctor/report.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { resetConfigCache } from '../../../src/config/index.js';
import { createFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { startDoctorHa } from '../../fixtures/doctor-ha.js';
import { FakeHomeAssistant, state } from '../../fixtures/fake-home-assistant.js';
import { createRun } from '../helpers/recorder.js';
import { doctor, TOKEN, useEnv } from '../../doctor/run-doctor.js';

useFakeAwsEnv();
const configDir = mkdtempSync(join(tmpdir(), 'doctor-config-'));
writeFileSync(join(configDir, 'skill.yaml'), 'assistant_name: Jarvis\nlocales: [en-US, de-DE]\n');
const main = createMain({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, configDir });

const fake = new FakeHomeAssistant({ tokens: [TOKEN], states: [state('light.kitchen', 'on', { friendly_name: 'Kitchen', supported_color_modes: ['onoff'] })] });
const ha = await startDoctorHa(fake);
let aws: FakeAws = createFakeAws();
const server = setupServer();
server.listen({ onUnhandledRequest: 'bypass' });
t.teardown(async () => {
  server.close();
  await ha.close();
});
t.beforeEach(() => {
  aws = createFakeAws();
  // As after a deploy: the read-only alias the Doctor invokes, on live's version.
  aws.lambda.state.aliases.set('diagnostics', { FunctionVersion: '1', RevisionId: 'rev-diagnostics' });
  server.resetHandlers(...aws.handlers);
  fake.reset();
});

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', ...env });
  return { ...recorder, code: runCli('doctor', main, argv, recorder.env, recorder.io) };
}

t.test('here: the table, the fixes, the summary and exit 1 on a failure', async (t) => {
  useEnv({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN });
  const json = join(configDir, 'report.json');
  const { code, io, summary } = run(['--json', json], { HOME_ASSISTANT_URL: ha.url, REPOSITORY_PRIVATE: 'true' });
  t.equal(await code, 1, 'account linking over http fails');
  const text = io.text();
  t.match(text, /Doctor: http:\/\/127\.0\.0\.1:\d+, native mode, version local/);
  t.match(text, /check\s+status\s+measured/);
  t.match(text, /Token\s+ok\s+GET \/api\/ accepted the token/);
  t.match(text, /Account linking\s+FAIL\s+http on port \d+/);
  t.match(text, /What to do:\n {2}DNS: AWS cannot reach a private address.*\n {2}Account linking: Alexa links accounts only over HTTPS/);
  t.notMatch(text, TOKEN);
  t.match(summary(), /### Doctor \(local\)/);
  t.match(summary(), /\| Token \| ✅ ok \| GET \/api\/ accepted the token/);
  const written = JSON.parse(readFileSync(json, 'utf8'));
  t.match(written, { diagnostics: 'doctor', ok: false, checks: Array });
  t.notMatch(JSON.stringify(written), TOKEN);
});

t.test('here, only the checks asked for; warnings alone exit 0', async (t) => {
  useEnv({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN });
  const { code, io } = run(['--checks', 'token,dns'], { HOME_ASSISTANT_URL: ha.url });
  t.equal(await code, 0, io.text());
  t.match(io.text(), /0 fail/);
});

t.test('here without HOME_ASSISTANT_URL: says what to set, or to use --lambda', async (t) => {
  const { code, io } = run([], { HOME_ASSISTANT_URL: '' });
  t.equal(await code, 1);
  t.match(io.text(), /HOME_ASSISTANT_URL is not set: .* or use --lambda/);
});

t.test('--lambda: invokes the alias with the skill\'s locales and prints the function\'s report', async (t) => {
  const real = await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, AWS_REGION: 'eu-west-1' }, { diagnostics: 'doctor', checks: ['region', 'token', 'mode'], locales: ['en-US', 'de-DE'] });
  resetConfigCache();
  aws.lambda.state.invoke = () => ({ payload: real });
  const { code, io, summary } = run(['--lambda'], { REPOSITORY_PRIVATE: 'true' });
  t.equal(await code, 0, io.text());
  const invoke = aws.lambda.calls.find((call) => call.op === 'Invoke');
  t.match(invoke?.input, { Qualifier: 'diagnostics', event: { diagnostics: 'doctor', locales: ['en-US', 'de-DE'] } });
  t.match(io.text(), /Region\s+WARN\s+the function runs in eu-west-1; the locales need us-east-1, eu-west-1/);
  t.match(summary(), /### Doctor \(ha-alexa:diagnostics\)/);
});

t.test('--lambda: a crash, an outdated function, invalid settings and an AWS error each become a failing line', async (t) => {
  aws.lambda.state.invoke = () => ({ payload: { errorType: 'Error', errorMessage: 'boom' }, functionError: 'Unhandled' });
  let result = run(['--lambda', '--qualifier', '1']);
  t.equal(await result.code, 1);
  t.match(result.io.text(), /Doctor answer\s+FAIL\s+the function crashed \(Unhandled\): Error: boom/);

  aws.lambda.state.invoke = () => ({ payload: { diagnostics: 'doctor', ok: false, problems: ['unknown check; use one of: health, ping'] } });
  result = run(['--lambda']);
  t.equal(await result.code, 1);
  t.match(result.io.text(), /does not know the doctor yet[\s\S]*Deploy this version/);

  aws.lambda.state.invoke = () => ({ payload: { diagnostics: 'health', ok: false, problems: ['HOME_ASSISTANT_URL is required'] } });
  result = run(['--lambda']);
  t.equal(await result.code, 1);
  t.match(result.io.text(), /Settings\s+FAIL\s+HOME_ASSISTANT_URL is required/);

  result = run(['--lambda'], { LAMBDA_FUNCTION_NAME: 'no-such-function' });
  t.equal(await result.code, 1);
  t.match(result.io.text(), /Lambda invoke\s+FAIL\s+.*no-such-function/);
});

t.test('arguments: --qualifier needs --lambda, unknown flags are named, --help', async (t) => {
  let result = run(['--qualifier', 'live']);
  t.equal(await result.code, 1);
  t.match(result.io.text(), /--qualifier needs --lambda/);
  result = run(['--nope']);
  t.equal(await result.code, 1);
  t.match(result.io.text(), /Unknown option '--nope'.*usage: npm run doctor/);
  result = run(['--help']);
  t.equal(await result.code, 0);
});

t.test('no config/skill.yaml: a note, and the function\'s ALEXA_LOCALE decides', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'doctor-noconfig-'));
  mkdirSync(join(empty, 'x'), { recursive: true });
  const bare = createMain({ configDir: empty });
  aws.lambda.state.invoke = ({ event }) => ({ payload: { diagnostics: 'doctor', ok: true, status: 'ok', version: '1', region: 'us-east-1', mode: 'native', url: null, durationMs: 1, checks: [{ name: 'region', title: 'Region', status: 'ok', value: JSON.stringify(event), fix: '' }] } });
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa' });
  t.equal(await runCli('doctor', bare, ['--lambda'], recorder.env, recorder.io), 0);
  t.match(recorder.io.text(), /note: locales not read from .*skill\.yaml/);
  t.match(recorder.io.text(), /Region\s+ok\s+\{"diagnostics":"doctor"\}/);
});

t.test('report: odd answers are read safely', async (t) => {
  t.match(toDoctorReport(null), { ok: false, checks: [{ code: 'bad_answer', value: 'the function answered null' }] });
  t.match(toDoctorReport({ diagnostics: 'timeout', ok: false, problems: ['no answer within 7500 ms'] }), { checks: [{ code: 'timeout', value: 'no answer within 7500 ms' }] });
  t.match(toDoctorReport({ something: 'else' }), { checks: [{ code: 'bad_answer', value: /unexpected answer/ }] });
  const odd = toDoctorReport({ diagnostics: 'doctor', checks: [{ name: 'x', status: 'weird', value: 7 }, 'junk'] });
  t.match(odd, { ok: false, status: 'fail', version: 'unknown', checks: [{ name: 'x', title: 'x', status: 'fail', value: '', fix: '' }] });
});

t.test('in a public repository the summary has the verdicts, not the address or the measured values', async (t) => {
  useEnv({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN });
  const { code, summary } = run([], { HOME_ASSISTANT_URL: ha.url });
  t.equal(await code, 1);
  const text = summary();
  t.match(text, /\| Token \| ✅ ok \|/);
  t.notMatch(text, /127\.0\.0\.1/, 'no Home Assistant address');
  t.notMatch(text, /GET \/api\/ accepted the token/, 'no measured values');
  t.match(text, /shown only in private repositories/);
});

/** What the deployed function answers for a home behind a router port forward, HA_URL with a trailing slash. */
const HOME_REPORT = {
  diagnostics: 'doctor', ok: false, status: 'fail', version: '7', region: 'eu-west-1', mode: 'native', url: 'https://ha.example.com:8123/', durationMs: 900,
  checks: [
    { name: 'dns', title: 'DNS', status: 'ok', value: 'ha.example.com → 203.0.113.7, 2001:db8::7 in 12 ms', fix: '' },
    { name: 'tcp', title: 'TCP connect', status: 'ok', value: 'connected to ha.example.com:8123 in 40 ms (port 8123: Alexa\'s account linking needs 443, see that line)', fix: '' },
    { name: 'tls', title: 'TLS certificate', status: 'fail', code: 'hostname', value: 'the certificate is not valid for ha.example.com (it names other.example)', fix: 'Issue the certificate for ha.example.com, or use in HOME_ASSISTANT_URL the name the certificate is for.' },
    { name: 'discovery', title: 'Discovery', status: 'warn', code: 'duplicate_names', value: '12 endpoints of 300, duplicate names: "Kitchen Light" ×2', fix: 'Give each device its own name.' },
  ],
};
const HOME_DETAILS = [/ha\.example\.com/, /203\.0\.113\.7/, /2001:db8::7/, /8123/, /Kitchen Light/];

t.test('a public repository\'s Actions log names no host, IP, port or device, and masks every form of the address first', async (t) => {
  aws.lambda.state.invoke = () => ({ payload: HOME_REPORT });
  const { code, io } = run(['--lambda'], { AWS_REGION: 'eu-west-1', GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'false' });
  t.equal(await code, 1);
  const masks = io.lines.filter((line) => line.startsWith('::add-mask::')).map((line) => line.slice('::add-mask::'.length));
  for (const form of ['https://ha.example.com:8123/', 'https://ha.example.com:8123', 'ha.example.com', 'ha.example.com:8123', '203.0.113.7', '2001:db8::7']) t.ok(masks.includes(form), `mask for ${form}`);
  t.ok(io.lines.findIndex((line) => line.startsWith('::add-mask::')) < io.lines.findIndex((line) => line.startsWith('Doctor:')), 'masks before the table');
  const log = io.lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
  for (const word of HOME_DETAILS) t.notMatch(log, word);
  t.match(log, /Doctor: native mode, version 7, eu-west-1\ncheck\s+status\n/);
  t.match(log, /TLS certificate\s+FAIL\n/);
  t.match(log, /TLS certificate: Issue the certificate for <your Home Assistant>, or use/);
  t.match(log, /Measured values name your Home Assistant address, its IP addresses, port and devices: they are left out in a public repository/);
});

for (const [label, env] of [['in a private repository', { GITHUB_ACTIONS: 'true', REPOSITORY_PRIVATE: 'true' }], ['on your computer', {}]] as const) {
  t.test(`${label} the log shows the measured values as before, and masks nothing`, async (t) => {
    aws.lambda.state.invoke = () => ({ payload: HOME_REPORT });
    const { code, io } = run(['--lambda'], { AWS_REGION: 'eu-west-1', ...env });
    t.equal(await code, 1);
    t.notMatch(io.text(), /::add-mask::/);
    t.match(io.text(), /Doctor: https:\/\/ha\.example\.com:8123\/, native mode/);
    t.match(io.text(), /Discovery\s+WARN\s+12 endpoints of 300, duplicate names: "Kitchen Light" ×2/);
  });
}
