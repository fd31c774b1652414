/** Unit tests for src/config/url-risk.ts: which plain-http hosts deserve a warning. */
import t from 'tap';
import { describeUrlRisk, isPrivateHost } from '../../src/config/url-risk.js';

t.test('loopback, private, link-local and local names are private', async (t) => {
  for (const host of ['localhost', '127.0.0.1', '10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.10', '169.254.1.1', '100.64.0.1', '[::1]', 'fd00::1', 'homeassistant.local', 'ha.lan', 'ha.home.arpa']) {
    t.ok(isPrivateHost(host), host);
  }
  for (const host of ['8.8.8.8', '172.32.0.1', '192.169.0.1', 'ha.example.com', '2001:db8::1']) t.notOk(isPrivateHost(host), host);
});

t.test('only plain http to a public host is a risk', async (t) => {
  t.equal(describeUrlRisk('https://ha.example.com'), undefined);
  t.equal(describeUrlRisk('http://192.168.1.2:8123'), undefined);
  t.match(describeUrlRisk('http://203.0.113.9:8123'), /plain http:\/\/ to 203\.0\.113\.9/);
});
