/**
 * Tests for src/doctor/checks/dns.ts and tcp.ts: the host resolves (to an address AWS can reach) and
 * a connection opens. Only loopback is ever contacted; `.invalid` names never resolve.
 */
import t from 'tap';
import { isPrivateAddress } from '../../../src/doctor/checks/dns.js';
import { startDoctorHa } from '../../fixtures/doctor-ha.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { check, doctor, TOKEN } from '../run-doctor.js';

const fake = new FakeHomeAssistant({ tokens: [TOKEN] });

t.test('a name that does not resolve fails DNS and TCP, and the fix asks for a public name', async (t) => {
  const report = await doctor({ HOME_ASSISTANT_URL: 'https://ha.nonexistent.invalid', HOME_ASSISTANT_TOKEN: TOKEN }, { diagnostics: 'doctor', checks: ['dns', 'tcp'] });
  t.match(check(report, 'dns'), { status: 'fail', code: 'dns', value: /ha\.nonexistent\.invalid does not resolve \((ENOTFOUND|EAI_AGAIN)\)/, fix: /public host name/ });
  t.match(check(report, 'tcp'), { status: 'fail', code: 'unreachable' });
  t.equal(report.ok, false);
});

t.test('a name resolving to a public address is ok, with the addresses and the time', async (t) => {
  const lookup = async () => [{ address: '203.0.113.7', family: 4 }];
  const report = await doctor({ HOME_ASSISTANT_URL: 'https://ha.example.invalid', HOME_ASSISTANT_TOKEN: TOKEN }, { diagnostics: 'doctor', checks: ['dns'] }, { lookup });
  t.match(check(report, 'dns'), { status: 'ok', value: /^ha\.example\.invalid → 203\.0\.113\.7 in \d+ ms$/, fix: '' });
});

t.test('a private address warns: AWS cannot reach a home network address', async (t) => {
  const lookup = async () => [{ address: '192.168.1.20', family: 4 }];
  const report = await doctor({ HOME_ASSISTANT_URL: 'https://homeassistant.local.invalid:8123', HOME_ASSISTANT_TOKEN: TOKEN }, { diagnostics: 'doctor', checks: ['dns'] }, { lookup });
  t.match(check(report, 'dns'), { status: 'warn', code: 'private_address', value: /192\.168\.1\.20 \(a private or loopback address\)/, fix: /AWS cannot reach a private address/ });
});

t.test('private ranges are recognised, public ones are not', async (t) => {
  for (const address of ['10.1.2.3', '127.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.1.1', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1']) {
    t.ok(isPrivateAddress(address), address);
  }
  for (const address of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '203.0.113.7', '2001:db8::1']) t.notOk(isPrivateAddress(address), address);
});

t.test('TCP: connects to the port of HOME_ASSISTANT_URL and notes a port other than 443', async (t) => {
  const ha = await startDoctorHa(fake);
  t.teardown(() => ha.close());
  const report = await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, { diagnostics: 'doctor', checks: ['tcp'] });
  t.match(check(report, 'tcp'), { status: 'ok', value: new RegExp(`connected to 127\\.0\\.0\\.1:${ha.port} in \\d+ ms \\(port ${ha.port}: Alexa's account linking needs 443`) });
});

t.test('TCP: a closed port is refused, and the fix names the port and the forwarding', async (t) => {
  const ha = await startDoctorHa(fake);
  const url = ha.url;
  await ha.close();
  const report = await doctor({ HOME_ASSISTANT_URL: url, HOME_ASSISTANT_TOKEN: TOKEN }, { diagnostics: 'doctor', checks: ['tcp', 'token'] });
  t.match(check(report, 'tcp'), { status: 'fail', code: 'unreachable', value: /ECONNREFUSED/, fix: /port in HOME_ASSISTANT_URL/ });
  t.match(check(report, 'token'), { status: 'fail', code: 'unreachable', value: /refused the connection/ });
});
