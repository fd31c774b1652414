/**
 * Tests for scripts/doctor/watchman.ts, watch-decision.ts and github-issues.ts against a loopback
 * fake GitHub API: one issue opened on a problem, updated while it lasts (commented when it
 * changes), closed when every check passes; an unreachable Home Assistant waits for a second run.
 */
import t from 'tap';
import { mkdtempSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, ISSUE_LABEL, ISSUE_MARKER } from '../../../scripts/doctor/watchman.js';
import { decide } from '../../../scripts/doctor/watch-decision.js';
import type { CheckResult, DoctorReport } from '../../../scripts/doctor/report.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createRecordingIo } from '../../../scripts/shared/io.js';
import { startFakeGitHub, type FakeGitHub } from '../../fixtures/fake-github.js';

const REPO = 'someone/my-alexa-bridge';
const GH_TOKEN = 'ghs_fakeworkflowtoken0123456789';
let github: FakeGitHub;
t.before(async () => {
  github = await startFakeGitHub(REPO, GH_TOKEN);
});
t.teardown(() => github.close());
t.beforeEach(() => {
  github.issues.length = 0;
  github.calls.length = 0;
  delete github.failWith;
});

const line = (name: string, status: CheckResult['status'], code?: string): CheckResult => ({
  name,
  title: name === 'tls' ? 'TLS certificate' : name === 'token' ? 'Token' : name === 'tcp' ? 'TCP connect' : name,
  status,
  value: `${name} measured`,
  fix: status === 'ok' ? '' : `fix ${name}`,
  ...(code ? { code } : {}),
});

function report(...checks: CheckResult[]): DoctorReport {
  const statuses = checks.map((check) => check.status);
  const status = statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'ok';
  return { diagnostics: 'doctor', ok: status !== 'fail', status, version: '3', region: 'eu-west-1', mode: 'native', url: 'https://ha.example.com', durationMs: 900, checks };
}

const healthy = () => report(line('tls', 'ok'), line('token', 'ok'), line('tcp', 'ok'));
const dir = mkdtempSync(join(tmpdir(), 'watchman-'));
const stateFile = join(dir, 'state', 'state.json');

async function watch(doctorReport: DoctorReport, env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, 'report.json');
  writeFileSync(file, JSON.stringify(doctorReport));
  const io = createRecordingIo();
  const code = await runCli('doctor:watch', main, ['--report', file, '--state', stateFile], {
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPO,
    GITHUB_TOKEN: GH_TOKEN,
    GITHUB_SERVER_URL: 'https://github.example',
    GITHUB_RUN_ID: '42',
    // Most tests look at the measured values, which only a private repository's issue shows.
    REPOSITORY_PRIVATE: 'true',
    ...env,
  }, io);
  return { code, text: io.text() };
}

t.test('a failure opens one labelled issue with the fixes and the run link; nothing is open when all is well', async (t) => {
  t.match(await watch(healthy()), { code: 0, text: /No issue: every check passes/ });
  t.equal(github.issues.length, 0);
  const result = await watch(report(line('tls', 'ok'), line('token', 'fail', 'invalid_token'), line('tcp', 'ok')));
  t.match(result, { code: 0, text: /Opened issue #1: 1 problem\(s\) need attention/ });
  const [issue] = github.issues;
  t.match(issue, { title: 'Alexa bridge doctor: token needs attention', state: 'open', labels: [ISSUE_LABEL] });
  t.match(issue?.body, ISSUE_MARKER);
  t.match(issue?.body, /\*\*Token\*\* \(fail\): token measured {2}\n {2}fix token/);
  t.match(issue?.body, /\| TLS certificate \| ok \| tls measured \|/);
  t.match(issue?.body, /\[this run\]\(https:\/\/github\.example\/someone\/my-alexa-bridge\/actions\/runs\/42\)/);
});

t.test('while the problem lasts the issue is updated, and commented only when the findings change', async (t) => {
  const failing = report(line('tls', 'ok'), line('token', 'fail', 'invalid_token'));
  await watch(failing);
  t.match(await watch(failing), { text: /Updated issue #1: / });
  t.equal(github.issues.length, 1, 'still one issue');
  t.same(github.issues[0]?.comments, [], 'same findings: no comment');
  const worse = report(line('tls', 'warn', 'expiring'), line('token', 'fail', 'invalid_token'));
  t.match(await watch(worse), { text: /Updated issue #1 \(findings changed, commented\)/ });
  t.match(github.issues[0], { title: 'Alexa bridge doctor: tls certificate, token need attention' });
  t.match(github.issues[0]?.comments[0], /The findings changed .*\*\*TLS certificate\*\* \(warn\)/s);
});

t.test('when every check passes again the issue is closed with a comment', async (t) => {
  await watch(report(line('token', 'fail', 'invalid_token')));
  t.match(await watch(healthy()), { text: /Closed issue #1: every check passes again/ });
  t.match(github.issues[0], { state: 'closed', state_reason: 'completed', comments: [/Every check passes again/] });
  t.match(await watch(healthy()), { text: /No issue/ });
});

t.test('a certificate expiring soon is a warning that opens an issue; other warnings do not', async (t) => {
  t.match(await watch(report(line('discovery', 'warn', 'duplicate_names'))), { text: /No issue/ });
  t.match(await watch(report(line('tls', 'warn', 'expiring'))), { text: /Opened issue #1/ });
});

t.test('Home Assistant unreachable: no issue the first time, one on the second run in a row', async (t) => {
  const down = report(line('tcp', 'fail', 'unreachable'), line('token', 'fail', 'timeout'));
  t.match(await watch(down), { text: /No issue: Home Assistant was unreachable once/ });
  t.same(JSON.parse(readFileSync(stateFile, 'utf8')), { unreachableRuns: 1 });
  t.equal(github.issues.length, 0);
  t.match(await watch(down), { text: /Opened issue #1/ });
  t.same(JSON.parse(readFileSync(stateFile, 'utf8')), { unreachableRuns: 2 });
  await watch(healthy());
  t.same(JSON.parse(readFileSync(stateFile, 'utf8')), { unreachableRuns: 0 }, 'a good run resets the count');
  t.match(await watch(down), { text: /unreachable once/ });
});

/** A doctor report as the function answers from a home behind a router port forward. */
const home = (): DoctorReport => ({
  ...report(
    { name: 'dns', title: 'DNS', status: 'ok', value: 'ha.example.com → 203.0.113.7, 2001:db8::7 in 12 ms', fix: '' },
    { name: 'tcp', title: 'TCP connect', status: 'fail', code: 'unreachable', value: 'ha.example.com:8123: ECONNREFUSED', fix: 'Let AWS reach ha.example.com:8123 (203.0.113.7).' },
    { name: 'tls', title: 'TLS certificate', status: 'fail', code: 'hostname', value: 'the certificate is not valid for ha.example.com (it names other.example)', fix: 'Issue the certificate for ha.example.com.' },
    { name: 'discovery', title: 'Discovery', status: 'warn', code: 'duplicate_names', value: '12 endpoints of 300, duplicate names: "Kitchen Light" ×2', fix: 'Give each device its own name.' },
  ),
  url: 'https://ha.example.com:8123/',
});
const PRIVATE = [/ha\.example\.com/, /203\.0\.113\.7/, /2001:db8::7/, /8123/, /Kitchen Light/];

for (const [label, env] of [['REPOSITORY_PRIVATE=false', { REPOSITORY_PRIVATE: 'false' }], ['REPOSITORY_PRIVATE unset', { REPOSITORY_PRIVATE: undefined }]] as const) {
  t.test(`a public repository's issue (${label}) names no host, IP, port or device: checks, statuses and fixes only`, async (t) => {
    await watch(home(), env);
    const [issue] = github.issues;
    const opened = issue?.body;
    await watch({ ...home(), checks: home().checks.slice(0, 2) }, env);
    for (const text of [issue?.title, opened, issue?.body, ...(issue?.comments ?? [])]) for (const word of PRIVATE) t.notMatch(text, word, `${String(word)} in ${text?.slice(0, 40) ?? ''}`);
    t.match(opened, /- \*\*TCP connect\*\* \(fail, unreachable\) {2}\n {2}Let AWS reach <your Home Assistant> \(<your Home Assistant>\)\./);
    t.match(opened, /- \*\*TLS certificate\*\* \(fail, hostname\) {2}\n {2}Issue the certificate for <your Home Assistant>\./);
    t.match(opened, /\| Discovery \| warn \|\n/);
    t.match(opened, /Measured values name your Home Assistant address, its IP addresses, port and devices: they are left out in a public repository/);
    t.match(issue?.comments, [/The findings changed[\s\S]*TCP connect/], 'the comment on a change is public too');
  });
}

t.test('a private repository\'s issue shows the measured values, the host replaced as before', async (t) => {
  await watch(home());
  t.match(github.issues[0]?.body, /\| Discovery \| warn \| 12 endpoints of 300, duplicate names: "Kitchen Light" ×2 \|/);
  t.notMatch(github.issues[0]?.body, 'ha.example.com');
});

t.test('the issue never names the Home Assistant host (template repositories are often public)', async (t) => {
  const failing = report({ ...line('tls', 'fail', 'hostname'), value: 'the certificate is not valid for ha.example.com (it names other.example)', fix: 'Issue the certificate for ha.example.com.' });
  await watch(failing);
  t.notMatch(github.issues[0]?.body, 'ha.example.com');
  t.match(github.issues[0]?.body, /not valid for <your Home Assistant> \(it names other\.example\)/);
});

t.test('issues without the marker, and pull requests, are left alone', async (t) => {
  github.issues.push({ number: 1, title: 'mine', body: 'my own notes', state: 'open', labels: [ISSUE_LABEL], comments: [] });
  await watch(report(line('token', 'fail', 'invalid_token')));
  t.equal(github.issues.length, 2);
  t.equal(github.issues[0]?.body, 'my own notes');
});

t.test('missing permissions: one line that names issues: write, exit 1', async (t) => {
  github.failWith = { status: 403, message: 'Resource not accessible by integration' };
  const result = await watch(report(line('token', 'fail', 'invalid_token')));
  t.equal(result.code, 1);
  t.match(result.text, /GitHub answered 403 \(Resource not accessible by integration\): the workflow needs `permissions: issues: write`/);
  t.notMatch(result.text, GH_TOKEN);
});

t.test('bad settings and files are named', async (t) => {
  t.match(await watch(healthy(), { GITHUB_TOKEN: '' }), { code: 1, text: /GITHUB_TOKEN is not set/ });
  t.match(await watch(healthy(), { GITHUB_REPOSITORY: 'nope' }), { code: 1, text: /GITHUB_REPOSITORY must be owner\/name/ });
  t.match(await watch(healthy(), { GITHUB_API_URL: 'http://127.0.0.1:1' }), { code: 1, text: /GitHub did not answer/ });
  const io = createRecordingIo();
  t.equal(await runCli('doctor:watch', main, ['--report', join(dir, 'missing.json')], {}, io), 1);
  t.match(io.text(), /--report .*missing\.json does not exist/);
  writeFileSync(join(dir, 'broken.json'), '{');
  t.equal(await runCli('doctor:watch', main, ['--report', join(dir, 'broken.json')], {}, io), 1);
  t.match(io.text(), /is not JSON/);
  t.equal(await runCli('doctor:watch', main, [], {}, io), 1);
  t.match(io.text(), /--report is required/);
  t.equal(await runCli('doctor:watch', main, ['--help'], {}, io), 0);
});

t.test('decide: the state file is optional and a broken one is ignored', async (t) => {
  writeFileSync(stateFile, 'not json');
  t.match(await watch(report(line('tcp', 'fail', 'unreachable'))), { text: /unreachable once/ });
  t.equal(decide(report(line('tcp', 'fail', 'unreachable')), { unreachableRuns: 1 }, false).action, 'open');
  t.equal(decide(report(line('tcp', 'fail', 'unreachable')), undefined, true).action, 'update', 'an open issue stays up to date');
  t.ok(existsSync(stateFile));
});
