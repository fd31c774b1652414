/** Unit tests for src/logging/redact.ts and logger.ts: credentials never reach a log line. */
import t from 'tap';
import { Logger, setLogSink } from '../../src/logging/logger.js';
import { MASK, redactValue, scrubAndCut, SecretRegistry } from '../../src/logging/redact.js';
import { assertNoSecretPart } from '../fixtures/secret-leaks.js';

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

t.test('Bearer values, JWTs and URL passwords are masked by their shape, even when nobody registered them', async (t) => {
  const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${'eyJpc3MiOiJhYmMiLCJpYXQiOjE3MDAwMDAwMDB9'}.${'s1gnatureP4rt-_'.repeat(3)}`;
  const opaque = 'opaque-bearer-value-0123456789abcdef';
  const text = [
    `Authorization: Bearer ${opaque}`,
    `{"authorization":"bearer ${opaque}"}`,
    `url-encoded Bearer%20${opaque}`,
    `a bare JWT ${jwt} in a sentence`,
    `a JWT cut short ${jwt.slice(0, 60)}`,
    'https://alice:s3cret-pass-word@ha.example.com:8123/api/',
  ].join('\n');
  const scrubbed = new SecretRegistry().scrub(text);
  assertNoSecretPart(t, scrubbed, [opaque, jwt.slice(0, 60), jwt.slice(60), 's3cret-pass-word'], 'the scrubbed text');
  t.match(scrubbed, /Authorization: Bearer \[REDACTED\]/);
  t.match(scrubbed, /https:\/\/\[REDACTED\]@ha\.example\.com:8123\/api\//, 'the host stays readable');
  t.equal(new SecretRegistry().scrub('a basic sentence about the bearer of good news, eyJ too short'), 'a basic sentence about the bearer of good news, eyJ too short', 'ordinary words are kept');
});

t.test('a long log value is scrubbed before it is shortened, so no piece of a token straddling the cut survives', async (t) => {
  const token = `registered-${'9f8e7d6c5b4a'.repeat(9)}`;
  const lines: string[] = [];
  const previous = setLogSink((line) => lines.push(line));
  t.teardown(() => setLogSink(previous));
  const secrets = new SecretRegistry([token]);
  const logger = new Logger({ secrets });
  // The token starts 40 characters before the 2,000-character cut.
  logger.warn('Home Assistant answered', { body: `${'b'.repeat(1960)}${token}${'a'.repeat(500)}` });
  logger.record({ message: 'invocation', errorMessage: `${'e'.repeat(1990)}${token}` });
  t.equal(lines.length, 2);
  for (const line of lines) assertNoSecretPart(t, line, [token], 'the log line');
  t.match(lines[0], /b\[REDACTED\]a/);
});

t.test('scrubAndCut scrubs first, then makes one bounded line', async (t) => {
  const token = 'cut-token-abcdefghijklmnopqrstuvwxyz';
  const text = `${'x '.repeat(70)}\n${token} and more`;
  const cut = scrubAndCut(text, 160, new SecretRegistry([token]));
  assertNoSecretPart(t, cut, [token], 'the cut text');
  t.ok(cut.length <= 160);
  t.notMatch(cut, /\n/);
  t.match(scrubAndCut(`Bearer ${token}`, 20), /^Bearer \[REDACTED\]$/);
});

t.test('a log line masks a secret key whatever its value holds, bounds arrays, and survives a cycle', async (t) => {
  const lines: string[] = [];
  const previous = setLogSink((line) => lines.push(line));
  t.teardown(() => setLogSink(previous));
  const logger = new Logger({ secrets: new SecretRegistry(['cycle-secret-value']) });
  logger.info('fields', { pin: 4321, authorization: { scheme: 'Bearer', value: 'x' }, code: '', list: Array.from({ length: 80 }, (_, i) => i) });
  const cyclic: Record<string, unknown> = { note: 'holds cycle-secret-value' };
  cyclic.self = cyclic;
  logger.warn('cycle', { cyclic });
  t.equal(lines.length, 2);
  const fields = JSON.parse(lines[0]!) as Record<string, unknown>;
  const cycle = JSON.parse(lines[1]!) as Record<string, unknown>;
  t.equal(fields.pin, MASK, 'a number under a secret key');
  t.equal(fields.authorization, MASK, 'an object under a secret key');
  t.equal(fields.code, '', 'an empty value says nothing, and stays');
  t.equal((fields.list as unknown[]).length, 50);
  t.match(cycle, { message: 'cycle', cyclic: { note: `holds ${MASK}` } });
  t.notMatch(lines[1], /cycle-secret-value/);
});

t.test('holds() says exactly whether scrub() would change a text, for values, escaped values and shapes', async (t) => {
  const secrets = new SecretRegistry(['plain-secret-value', 'quote"secret\\value']);
  const jwt = `eyJhbGciOiJIUzI1NiJ9.${'eyJzdWIiOiJhIn0'}.sig-nature_0123`;
  const texts = [
    '',
    'short',
    'Alexa.PowerController',
    'the bearer of good news',
    'x plain-secret-value y',
    JSON.stringify({ v: 'quote"secret\\value' }),
    'Authorization: bearer abcdefgh',
    'Bearer abc',
    `token ${jwt}`,
    'mail me at someone@example.com',
    'https://user:pw-0123@ha.example.com/',
    'https://ha.example.com/api/@home',
    'eyJ too short',
  ];
  for (const text of texts) t.equal(secrets.holds(text), secrets.scrub(text) !== text, JSON.stringify(text));
  t.equal(secrets.holds('x plain-secret-value y'), true);
  t.equal(secrets.holds('Alexa.PowerController'), false);
});

t.test('Login with Amazon tokens are masked by their shape even when nobody registered them', async (t) => {
  const access = `Atza|IwEBI${'a1B2-c3_D4'.repeat(40)}`;
  const refresh = `Atzr|IwEBI${'z9Y8x7W6v5'.repeat(40)}`;
  const registry = new SecretRegistry();
  const text = `refresh failed for ${refresh} after ${access}; encoded Atzr%7C${refresh.slice(5)}`;
  t.ok(registry.holds(text));
  const scrubbed = registry.scrub(text);
  assertNoSecretPart(t, scrubbed, [access, refresh], 'scrubbed text');
  t.match(scrubbed, /^refresh failed for \[REDACTED\] after \[REDACTED\]; encoded \[REDACTED\]$/);
  t.equal(registry.scrub('Atzr| is a prefix'), 'Atzr| is a prefix', 'a bare prefix is text');
  t.same(redactValue({ note: `token ${access}` }), { note: `token ${MASK}` });
});
