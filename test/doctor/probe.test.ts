/**
 * Tests for src/doctor/probe.ts, checks/bounded.ts and checks/answer.ts: how a failed call is named
 * and fixed, and what a page is.
 */
import t from 'tap';
import { bounded, DoctorTimeout, hostOf, portOf } from '../../src/doctor/checks/bounded.js';
import { answerKind, excerpt, frontOf } from '../../src/doctor/checks/answer.js';
import { classifyCode, describeFailure, fixForFailure, type ProbeAnswer, type ProbeFailureReason } from '../../src/doctor/probe.js';
import { createDeadline } from '../../src/gateway/deadline.js';

t.test('socket error codes map to the failure the user can act on', async (t) => {
  const cases: [string, ProbeFailureReason][] = [
    ['ENOTFOUND', 'dns'], ['EAI_AGAIN', 'dns'], ['ECONNREFUSED', 'refused'], ['EHOSTUNREACH', 'refused'], ['ENETUNREACH', 'refused'],
    ['ECONNRESET', 'reset'], ['EPIPE', 'reset'], ['ETIMEDOUT', 'timeout'], ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'], ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'], ['EWHATEVER', 'network'],
  ];
  for (const [code, reason] of cases) t.equal(classifyCode(code), reason, code);
  t.equal(classifyCode('', 'certificate has expired'), 'tls');
});

t.test('every failure has a sentence naming the host and a fix', async (t) => {
  const url = new URL('https://ha.example.com:8443');
  const reasons: ProbeFailureReason[] = ['timeout', 'dns', 'refused', 'tls', 'reset', 'network'];
  const described = reasons.map((reason) => describeFailure({ ok: false, reason, detail: 'X', ms: 1 }, url));
  t.same(described, [
    'ha.example.com:8443 did not answer (X)',
    'ha.example.com does not resolve (X)',
    'ha.example.com:8443 refused the connection (X)',
    'TLS failed (X)',
    'ha.example.com:8443 reset the connection (X)',
    'network error talking to ha.example.com:8443 (X)',
  ]);
  for (const reason of reasons) t.match(fixForFailure({ ok: false, reason, detail: 'X', ms: 1 }), /\.$/, reason);
});

t.test('bounded: the work, or a DoctorTimeout once the budget is spent', async (t) => {
  const long = createDeadline(60_000);
  const short = createDeadline(30);
  t.teardown(() => {
    long.dispose();
    short.dispose();
  });
  t.equal(await bounded(Promise.resolve(7), long), 7);
  await t.rejects(bounded(Promise.reject(new Error('nope')), long), /nope/);
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a rejection that is not an Error is the case under test
  await t.rejects(bounded(Promise.reject('text'), long), /text/);
  // The deadline's timer does not keep Node alive (it is unref'd); this one does, for the wait.
  const alive = setTimeout(() => undefined, 5_000);
  const error = await bounded(new Promise(() => undefined), short).catch((reason: unknown) => reason);
  clearTimeout(alive);
  t.ok(error instanceof DoctorTimeout, 'a call that never ends gives up with the budget');
  await t.rejects(bounded(Promise.resolve(1), short), /no answer within 30 ms/, 'an already spent budget rejects at once');
});

t.test('ports and hosts of URLs', async (t) => {
  t.equal(portOf(new URL('https://a.example')), 443);
  t.equal(portOf(new URL('http://a.example')), 80);
  t.equal(portOf(new URL('http://a.example:8123')), 8123);
  t.equal(hostOf(new URL('http://[::1]:8123')), '::1');
});

t.test('pages: challenge, HTML, JSON or other, and who served them', async (t) => {
  const page = (body: string, headers: Record<string, string> = {}): ProbeAnswer => ({ ok: true, status: 200, headers, body, truncated: false, ms: 1 });
  t.equal(answerKind(page('<title>Attention Required! | Cloudflare</title>')), 'challenge');
  t.equal(answerKind(page('<!doctype html><p>hi</p>')), 'html');
  t.equal(answerKind(page('{}', { 'content-type': 'application/json' })), 'json');
  t.equal(answerKind(page('[1]')), 'json');
  t.equal(answerKind(page('plain words')), 'other');
  t.equal(frontOf(page('', { 'cf-ray': '1' })), 'Cloudflare');
  t.equal(frontOf(page('', { server: 'nginx/1.25' })), 'nginx/1.25');
  t.equal(frontOf(page('')), 'a firewall or reverse proxy');
  t.equal(excerpt('<p>Hello\n   <b>world</b></p>'), 'Hello world');
});
