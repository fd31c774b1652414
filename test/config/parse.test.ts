/** Unit tests for src/config/parse.ts: every setting is validated at once, with messages naming the setting. */
import t from 'tap';
import { parseBoolean, parseSettings, type RawValue } from '../../src/config/parse.js';
import type { Config } from '../../src/config/schema.js';
import { assertNoSecretPart } from '../fixtures/secret-leaks.js';

function raw(values: Record<string, string>, keys: Record<string, keyof Config>): Map<keyof Config, RawValue> {
  const map = new Map<keyof Config, RawValue>();
  for (const [env, value] of Object.entries(values)) {
    const key = keys[env];
    if (key === undefined) throw new Error(`unknown test env ${env}`);
    map.set(key, { value, from: env });
  }
  return map;
}

const KEYS: Record<string, keyof Config> = {
  HOME_ASSISTANT_URL: 'homeAssistantUrl',
  HOME_ASSISTANT_TOKEN: 'homeAssistantToken',
  HA_VERIFY_SSL: 'verifySsl',
  HA_TIMEOUT: 'timeoutSeconds',
  HA_FEATURE_PRESET: 'featurePreset',
  HA_ALEXA_MODE: 'alexaMode',
  HA_TOKEN_SOURCE: 'tokenSource',
  ALEXA_SKILL_ID: 'alexaSkillIds',
  HA_ALEXA_FILTER: 'alexaFilter',
  HA_CACHE_TTL: 'cacheTtlSeconds',
  PARAMETER_PREFIX: 'parameterPrefix',
  HA_CA_BUNDLE: 'caBundle',
  DEBUG_MODE: 'debugMode',
  HA_EXPOSURE: 'exposureSource',
  HA_EXPOSURE_LABELS: 'exposureLabels',
  HA_ALEXA_NAMES: 'alexaNames',
};

const URL_ONLY = { HOME_ASSISTANT_URL: 'https://ha.example.com' };

t.test('booleans accept true/false/1/0/yes/no in any case and nothing else', async (t) => {
  const cases: [string, boolean | undefined][] = [
    ['true', true], ['TRUE', true], ['True', true], ['1', true], ['yes', true], ['YES', true], [' yes ', true],
    ['false', false], ['False', false], ['FALSE', false], ['0', false], ['no', false], ['No', false],
    ['', undefined], ['on', undefined], ['off', undefined], ['2', undefined], ['maybe', undefined], ['t', undefined],
  ];
  for (const [text, expected] of cases) t.equal(parseBoolean(text), expected, `${JSON.stringify(text)} → ${String(expected)}`);
});

t.test('"False" turns TLS verification off, unlike the Python bridges that read it as true', async (t) => {
  const { config } = parseSettings(raw({ ...URL_ONLY, HA_VERIFY_SSL: 'False' }, KEYS));
  t.equal(config?.verifySsl, false);
});

t.test('defaults match the documented values', async (t) => {
  const { config, errors } = parseSettings(raw(URL_ONLY, KEYS));
  t.same(errors, []);
  t.match(config, {
    homeAssistantEnabled: true,
    useParameterStore: false,
    parameterPrefix: '/lambda-execution-engine',
    featurePreset: 'standard',
    alexaMode: 'native',
    tokenSource: 'auto',
    verifySsl: true,
    lugsEnabled: true,
    debugMode: false,
    assistantName: 'Home Assistant',
    timeoutSeconds: 7.5,
    alexaLocale: 'en-US',
    alexaSkillIds: [],
    cacheTtlSeconds: 0,
  });
  t.equal(config?.homeAssistantToken, undefined);
  t.equal(config?.alexaFilter, undefined);
});

t.test('values are normalised: trailing slash, enum case, comma lists, JSON', async (t) => {
  const { config, errors } = parseSettings(
    raw(
      {
        HOME_ASSISTANT_URL: 'https://ha.example.com:8123/',
        HA_FEATURE_PRESET: 'FULL',
        HA_ALEXA_MODE: 'Proxy',
        ALEXA_SKILL_ID: 'amzn1.ask.skill.a, amzn1.ask.skill.b,,',
        HA_ALEXA_FILTER: '{"include_domains":["light"]}',
        HA_TIMEOUT: '30',
      },
      KEYS,
    ),
  );
  t.same(errors, []);
  t.equal(config?.homeAssistantUrl, 'https://ha.example.com:8123');
  t.equal(config?.featurePreset, 'full');
  t.equal(config?.alexaMode, 'proxy');
  t.same(config?.alexaSkillIds, ['amzn1.ask.skill.a', 'amzn1.ask.skill.b']);
  t.same(config?.alexaFilter, { include_domains: ['light'] });
  t.equal(config?.timeoutSeconds, 30, 'the old guide\'s 30 s is accepted; the deadline caps it per request');
});

t.test('every bad value is reported at once, each naming its variable and what is allowed', async (t) => {
  const { config, errors } = parseSettings(
    raw(
      {
        HOME_ASSISTANT_URL: 'ftp://ha.example.com',
        HA_VERIFY_SSL: 'maybe',
        HA_TIMEOUT: 'soon',
        HA_FEATURE_PRESET: 'everything',
        HA_ALEXA_MODE: 'bridge',
        HA_TOKEN_SOURCE: 'cookie',
        HA_ALEXA_FILTER: '{not json',
        HA_CACHE_TTL: '-5',
        HA_CA_BUNDLE: 'not a certificate',
      },
      KEYS,
    ),
  );
  t.equal(config, undefined);
  const expected = [
    /^HOME_ASSISTANT_URL must be an http:\/\/ or https:\/\/ URL/,
    /^HA_VERIFY_SSL must be one of true\/false\/1\/0\/yes\/no \(any case\), got "maybe"/,
    /^HA_TIMEOUT must be a number, got "soon"/,
    /^HA_FEATURE_PRESET must be one of minimal, standard, full, got "everything"/,
    /^HA_ALEXA_MODE must be one of native, proxy/,
    /^HA_TOKEN_SOURCE must be one of auto, directive, stored/,
    /^HA_ALEXA_FILTER must be a JSON object/,
    /^HA_CACHE_TTL must be at least 0/,
    /^HA_CA_BUNDLE must hold PEM certificates/,
  ];
  t.equal(errors.length, expected.length, errors.join('\n'));
  for (const pattern of expected) t.ok(errors.some((error) => pattern.test(error)), `reports ${String(pattern)}`);
});

t.test('a HOME_ASSISTANT_URL with user:password@ is refused, naming the setting and never the password', async (t) => {
  const password = 'hunter2-Pa55word-x9y8';
  for (const url of [`https://alice:${password}@ha.example.com`, `https://alice:${password}@ha.example.com:8123/`, `http://${password}@192.168.1.10:8123`]) {
    const { config, errors } = parseSettings(raw({ HOME_ASSISTANT_URL: url }, KEYS));
    t.equal(config, undefined, `${url.replace(password, '…')} is refused`);
    t.equal(errors.length, 1, 'one error for the one setting');
    t.match(errors[0], /^HOME_ASSISTANT_URL must not contain a user name or password \(user:password@\)/);
    assertNoSecretPart(t, errors, [password], 'the error');
  }
  // A malformed URL is shown in the error, but without the part that may hold a password.
  const broken = parseSettings(raw({ HOME_ASSISTANT_URL: `ftp://alice:${password}@ha.example.com` }, KEYS));
  t.match(broken.errors, [/^HOME_ASSISTANT_URL must be an http:\/\/ or https:\/\/ URL/]);
  assertNoSecretPart(t, broken.errors, [password], 'the malformed-URL error');
});

t.test('HA_TOKEN_SOURCE=stored without a stored token is refused, naming where to set it', async (t) => {
  const { errors } = parseSettings(raw({ ...URL_ONLY, HA_TOKEN_SOURCE: 'stored' }, KEYS));
  t.match(errors, [/HA_TOKEN_SOURCE=stored needs a stored token: set HOME_ASSISTANT_TOKEN/]);
});

t.test('the URL is required while Home Assistant is enabled', async (t) => {
  const { errors } = parseSettings(new Map());
  t.match(errors, [/HOME_ASSISTANT_URL is required/]);
});

t.test('JSON that is not an object is refused', async (t) => {
  const { errors } = parseSettings(raw({ ...URL_ONLY, HA_ALEXA_FILTER: '["light"]' }, KEYS));
  t.match(errors, [/HA_ALEXA_FILTER must be a JSON object/]);
});

t.test('the parameter prefix must be an absolute path', async (t) => {
  const { errors } = parseSettings(raw({ ...URL_ONLY, PARAMETER_PREFIX: 'lambda-execution-engine' }, KEYS));
  t.match(errors, [/PARAMETER_PREFIX must start with "\/"/]);
});

t.test('http:// is accepted for LAN and loopback setups', async (t) => {
  const { config, errors } = parseSettings(raw({ HOME_ASSISTANT_URL: 'http://192.168.1.10:8123' }, KEYS));
  t.same(errors, []);
  t.equal(config?.homeAssistantUrl, 'http://192.168.1.10:8123');
});

t.test('a whole number is whole and at least its minimum; both problems are reported', async (t) => {
  const { errors } = parseSettings(raw({ ...URL_ONLY, HA_CACHE_TTL: '-1.5' }, KEYS));
  t.same(errors, ['HA_CACHE_TTL must be a whole number, got "-1.5"', 'HA_CACHE_TTL must be at least 0, got "-1.5"']);
  const fine = parseSettings(raw({ ...URL_ONLY, HA_CACHE_TTL: ' 60 ', HA_TIMEOUT: '2.5' }, KEYS));
  t.match(fine.config, { cacheTtlSeconds: 60, timeoutSeconds: 2.5 });
  const secret = parseSettings(raw({ ...URL_ONLY, HOME_ASSISTANT_TOKEN: 'x', HA_TOKEN_SOURCE: 'Stored' }, KEYS));
  t.equal(secret.config?.tokenSource, 'stored');
  t.match(parseSettings(raw({ HOME_ASSISTANT_URL: 'ha.example.com:8123' }, KEYS)).errors, [/^HOME_ASSISTANT_URL must be an http:\/\/ or https:\/\/ URL such as https:\/\/ha\.example\.com, got "ha\.example\.com:8123"/]);
  t.match(parseSettings(raw({ HOME_ASSISTANT_URL: 'no url at all' }, KEYS)).errors, [/^HOME_ASSISTANT_URL must be an http:\/\/ or https:\/\/ URL/]);
});

t.test('exposure from Home Assistant: filter by default; two different labels; entity or alias names', async (t) => {
  const { config } = parseSettings(raw(URL_ONLY, KEYS));
  t.match(config, { exposureSource: 'filter', exposureLabels: ['alexa', 'no_alexa'], alexaNames: 'entity' });
  t.match(parseSettings(raw({ ...URL_ONLY, HA_EXPOSURE: 'Assist', HA_EXPOSURE_LABELS: ' voice , quiet ', HA_ALEXA_NAMES: 'alias' }, KEYS)).config, { exposureSource: 'assist', exposureLabels: ['voice', 'quiet'], alexaNames: 'alias' });
  t.match(parseSettings(raw({ ...URL_ONLY, HA_EXPOSURE: 'ui' }, KEYS)).errors, [/^HA_EXPOSURE must be one of filter, assist, label, got "ui"/]);
  for (const labels of ['alexa', 'alexa,alexa', 'a,b,c']) {
    t.match(parseSettings(raw({ ...URL_ONLY, HA_EXPOSURE_LABELS: labels }, KEYS)).errors, [/^HA_EXPOSURE_LABELS must name two different label IDs, include then exclude/], labels);
  }
});
