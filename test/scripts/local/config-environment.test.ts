/**
 * `npm run invoke -- --config` and the demo's settings note: config/ turned into the environment the
 * deployed function gets, so a local run behaves like the deployed one.
 */
import t from 'tap';
import { makeConfigDir } from '../helpers/config-dir.js';
import { configEnvironment, describeExposure } from '../../../scripts/local/config-environment.js';
import { parseInvokeArgs } from '../../../scripts/local/invoke.js';
import { settingsNote } from '../../../scripts/local/demo.js';

const FILES = {
  'function.yaml': 'memory_mb: 256\ntimeout_seconds: 10\narchitecture: arm64\nenvironment:\n  HA_ALEXA_MODE: native\n  HA_FEATURE_PRESET: minimal\n  HA_TOKEN_SOURCE: stored\n',
  'parameters.yaml': 'homeassistant:\n  url: https://ha.my-house.org\n  timeout: 5\nalexa:\n  filter:\n    include_domains: [light]\n    exclude_entities: [light.garage]\n',
  'skill.yaml': 'assistant_name: Friday\nlocales: [en-GB]\n',
};

t.test('function.yaml, parameters.yaml and skill.yaml become the variables the deploy would set', (t) => {
  const { env, exposure } = configEnvironment(makeConfigDir(FILES), 'http://127.0.0.1:9');
  t.equal(env.HA_FEATURE_PRESET, 'minimal');
  t.equal(env.HA_TOKEN_SOURCE, 'stored');
  t.equal(env.HA_TIMEOUT, '5');
  t.equal(env.HA_ASSISTANT_NAME, 'Friday');
  t.equal(env.ALEXA_LOCALE, 'en-GB', 'derived from the first locale, as the deploy does');
  t.match(JSON.parse(env.HA_ALEXA_FILTER ?? 'null'), { include_domains: ['light'], exclude_entities: ['light.garage'], exclude_domains: [] });
  t.equal(env.HOME_ASSISTANT_URL, undefined, 'the URL is the caller\'s (the demo home or HOME_ASSISTANT_URL), not the file\'s');
  t.equal(env.HOME_ASSISTANT_TOKEN, undefined);
  t.equal(exposure, 'preset minimal, filter include_domains: light; exclude_entities: light.garage');
  t.end();
});

t.test('a broken config/ is an error naming the file and key', (t) => {
  const dir = makeConfigDir({ ...FILES, 'parameters.yaml': 'homeassistant:\n  timeout: 30\n' });
  t.throws(() => configEnvironment(dir, 'http://127.0.0.1:9'), /parameters\.yaml.*timeout/);
  t.end();
});

t.test('the demo says what it shows and how the user\'s config/ differs', (t) => {
  const lines = settingsNote('http://127.0.0.1:9', makeConfigDir(FILES));
  t.match(lines[0], /^Demo settings: preset \w+, no filter/);
  t.match(lines[1], /deploys with preset minimal, filter include_domains: light/);
  t.match(lines[1], /npm run invoke -- discovery --demo --config/);
  const broken = settingsNote('http://127.0.0.1:9', makeConfigDir({ ...FILES, 'skill.yaml': 'assistant_name: Computer\nlocales: [en-US]\n' }));
  t.match(broken[1], /cannot be read, so a deploy would stop: .*skill\.yaml/);
  t.end();
});

t.test('--config takes config/ by default or --config=DIR', (t) => {
  const plain = parseInvokeArgs(['discovery', '--config']);
  t.ok(plain.ok && plain.args.configDir === 'config');
  const dir = parseInvokeArgs(['discovery', '--config=my-config']);
  t.ok(dir.ok && dir.args.configDir === 'my-config');
  const none = parseInvokeArgs(['discovery']);
  t.ok(none.ok && none.args.configDir === undefined);
  const empty = parseInvokeArgs(['discovery', '--config=']);
  t.ok(!empty.ok && empty.error?.includes('needs a folder'));
  t.equal(describeExposure('full', undefined), 'preset full, no filter (every entity the preset supports)');
  t.end();
});
