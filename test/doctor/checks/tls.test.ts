/**
 * Tests for src/doctor/checks/tls.ts against a loopback https Home Assistant serving certificates
 * made by openssl in the test: self-signed, expiring in 5 and 15 days, for the wrong host name.
 */
import t from 'tap';
import { makeCertificate, makeChain, opensslAvailable } from '../../fixtures/certificates.js';
import { startDoctorHa } from '../../fixtures/doctor-ha.js';
import { FakeHomeAssistant } from '../../fixtures/fake-home-assistant.js';
import { check, doctor, TOKEN } from '../run-doctor.js';

const only = { diagnostics: 'doctor', checks: ['tls'] };

if (!opensslAvailable()) {
  t.pass('skipped: openssl is not installed, and the TLS checks need it to make certificates', { skip: true });
} else {
  const fake = new FakeHomeAssistant({ tokens: [TOKEN] });

  async function tlsLine(days: number, names: string[], trust: boolean, extra: Record<string, string> = {}) {
    const certificate = makeCertificate(days, names);
    const ha = await startDoctorHa(fake, certificate);
    try {
      const env = { HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, ...(trust ? { HA_CA_BUNDLE: certificate.cert } : {}), ...extra };
      return check(await doctor(env, only), 'tls');
    } finally {
      await ha.close();
    }
  }

  t.test('a self-signed certificate nobody trusts fails and is named as self-signed', async (t) => {
    const line = await tlsLine(365, ['localhost', '127.0.0.1'], false);
    t.match(line, { status: 'fail', code: 'self_signed', value: /self-signed certificate/, fix: /Let's Encrypt.*HA_CA_BUNDLE/ });
  });

  t.test('with HA_VERIFY_SSL=false the self-signed certificate still fails, and the fix says why', async (t) => {
    const line = await tlsLine(365, ['localhost', '127.0.0.1'], false, { HA_VERIFY_SSL: 'false' });
    t.match(line, { status: 'fail', code: 'self_signed', fix: /account linking still refuses it/ });
  });

  t.test('a certificate trusted through HA_CA_BUNDLE with a year left is ok, with the days measured', async (t) => {
    const line = await tlsLine(365, ['localhost', '127.0.0.1'], true);
    t.match(line, { status: 'ok', value: /self-signed, trusted through HA_CA_BUNDLE; leaf expires in 36[45] days/, fix: '' });
  });

  t.test('15 days left: warn, renew soon', async (t) => {
    const line = await tlsLine(15, ['127.0.0.1'], true);
    t.match(line, { status: 'warn', code: 'expiring', value: /expires in 1[45] days/, fix: /Renew the certificate within/ });
  });

  t.test('5 days left: fail', async (t) => {
    const line = await tlsLine(5, ['127.0.0.1'], true);
    t.match(line, { status: 'fail', code: 'expiring', value: /expires in [45] days/, fix: /Renew the certificate now/ });
  });

  t.test('a certificate for another host name fails, naming both names', async (t) => {
    const line = await tlsLine(365, ['wrong.example'], true);
    t.match(line, { status: 'fail', code: 'hostname', value: /not valid for 127\.0\.0\.1 \(it names wrong\.example\)/, fix: /Issue the certificate for 127\.0\.0\.1/ });
  });

  t.test('a leaf served without its intermediate or private CA: the chain does not verify, serve the full chain', async (t) => {
    const { ca, leaf } = makeChain(60);
    const ha = await startDoctorHa(fake, leaf);
    t.teardown(() => ha.close());
    const line = check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, only), 'tls');
    t.match(line, { status: 'fail', code: 'incomplete_chain', value: /UNABLE_TO_VERIFY_LEAF_SIGNATURE.*intermediate certificate missing/, fix: /fullchain\.pem/ });
    const trusted = check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN, HA_CA_BUNDLE: ca }, only), 'tls');
    t.match(trusted, { status: 'ok', value: /^chain verifies; leaf expires in (59|60) days/ });
  });

  t.test('plain http: the TLS line is skipped and says account linking needs https', async (t) => {
    const ha = await startDoctorHa(fake);
    t.teardown(() => ha.close());
    const line = check(await doctor({ HOME_ASSISTANT_URL: ha.url, HOME_ASSISTANT_TOKEN: TOKEN }, only), 'tls');
    t.match(line, { status: 'skipped', value: 'HOME_ASSISTANT_URL is plain http', fix: /needs https/ });
  });

  t.test('a port that does not speak TLS fails the handshake', async (t) => {
    const ha = await startDoctorHa(fake);
    t.teardown(() => ha.close());
    const line = check(await doctor({ HOME_ASSISTANT_URL: ha.url.replace('http:', 'https:'), HOME_ASSISTANT_TOKEN: TOKEN }, only), 'tls');
    t.match(line, { status: 'fail', code: 'tls', value: /TLS handshake failed/ });
  });
}
