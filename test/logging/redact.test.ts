/** Unit tests for src/logging/redact.ts and logger.ts: credentials never reach a log line. */
import t from 'tap';
import { Logger, setLogSink } from '../../src/logging/logger.js';
import { MASK, redactValue, SecretRegistry } from '../../src/logging/redact.js';

t.test('every token location of Alexa events is masked by key', async (t) => {
  const event = {
    directive: {
      header: { namespace: 'Alexa.Authorization', name: 'AcceptGrant' },
      endpoint: { scope: { type: 'BearerToken', token: 'endpoint-token-1' }, endpointId: 'light#kitchen' },
      payload: {
        scope: { type: 'BearerToken', token: 'payload-scope-token' },
        grantee: { type: 'BearerToken', token: 'grantee-token-1' },
        grant: { type: 'OAuth2.AuthorizationCode', code: 'grant-code-1' },
        authorization: { type: 'FOUR_DIGIT_PIN', value: '1234' },
      },
    },
    session: { user: { userId: 'u', accessToken: 'session-access-token' } },
    context: { System: { user: { accessToken: 'system-access-token' }, apiAccessToken: 'api-access-token' } },
    headers: { Authorization: 'Bearer header-token', authorization: 'Bearer lower-header-token' },
  };
  const text = JSON.stringify(redactValue(event));
  for (const secret of ['endpoint-token-1', 'payload-scope-token', 'grantee-token-1', 'grant-code-1', '1234', 'session-access-token', 'system-access-token', 'api-access-token', 'header-token']) {
    t.notOk(text.includes(secret), `${secret} is masked`);
  }
  t.ok(text.includes('light#kitchen'), 'ordinary fields are kept');
  t.ok(text.includes(MASK));
});

t.test('known secret values are scrubbed wherever they appear, including inside messages', async (t) => {
  const secrets = new SecretRegistry();
  secrets.add('abcdef-secret-token');
  secrets.add('abc');
  t.equal(secrets.scrub('failed with abcdef-secret-token in the url'), `failed with ${MASK} in the url`);
  t.equal(secrets.scrub('abc stays: too short to scrub safely'), 'abc stays: too short to scrub safely');
  const quoted = new SecretRegistry();
  quoted.add('tok"en\\value');
  t.equal(quoted.scrub(JSON.stringify({ message: 'x tok"en\\value y' })), JSON.stringify({ message: `x ${MASK} y` }));
});

t.test('secrets are collected from an event by key, at any depth', async (t) => {
  const secrets = new SecretRegistry();
  secrets.collectFrom({ a: { b: { token: 'deep-token-value' } }, list: [{ accessToken: 'in-a-list-token' }] });
  t.equal(secrets.scrub('deep-token-value and in-a-list-token'), `${MASK} and ${MASK}`);
});

t.test('the logger writes one JSON line per call, redacted and scrubbed, with debug only when enabled', async (t) => {
  const lines: string[] = [];
  const previous = setLogSink((line) => lines.push(line));
  t.teardown(() => setLogSink(previous));
  const secrets = new SecretRegistry();
  secrets.add('stored-token-value');
  const logger = new Logger({ base: { requestId: 'r1' }, secrets });
  logger.debug('hidden');
  logger.info('called HA', { url: 'https://ha/x?token=stored-token-value', headers: { Authorization: 'Bearer x' } });
  logger.child({ kind: 'smart-home' }).warn('warned', { error: new Error('boom') });
  new Logger({ debug: true }).debug('shown');
  t.equal(lines.length, 3);
  const [info, warn, debug] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  t.match(info, { level: 'info', message: 'called HA', requestId: 'r1', url: `https://ha/x?token=${MASK}`, headers: { Authorization: MASK } });
  t.match(warn, { level: 'warn', kind: 'smart-home', requestId: 'r1', error: { name: 'Error', message: 'boom' } });
  t.match(debug, { level: 'debug', message: 'shown' });
});

t.test('long strings and deep objects are bounded', async (t) => {
  const long = redactValue('x'.repeat(5000)) as string;
  t.ok(long.length < 2100);
  let deep: Record<string, unknown> = {};
  const root = deep;
  for (let i = 0; i < 20; i += 1) {
    deep.next = {};
    deep = deep.next as Record<string, unknown>;
  }
  t.match(JSON.stringify(redactValue(root)), /\[depth\]/);
});
