/**
 * PARAMETER_SET: a published version reads its settings from its own, content-addressed set under
 * `PARAMETER_PREFIX/settings/<id>`, so a later sync cannot change what the live version runs with;
 * the token too when the set has one, else the shared one under the prefix. Without it (old-guide
 * setups) the prefix alone is read.
 */
import t from 'tap';
import { loadConfig, resetConfigCache } from '../../src/config/index.js';

const PREFIX = '/lambda-execution-engine';
const TOKEN = 'shared-long-lived-token-0123456789';

t.beforeEach(() => resetConfigCache());

const SHARED: Record<string, string> = {
  '/homeassistant/url': 'https://shared.example-home.net',
  '/homeassistant/token': TOKEN,
  '/homeassistant/assistant_name': 'Shared Name',
  '/homeassistant/ca_bundle': '-----BEGIN CERTIFICATE-----\nMIIshared\n-----END CERTIFICATE-----',
  '/settings/a1b2c3d4e5f60718/homeassistant/url': 'https://version.example-home.net',
  '/settings/a1b2c3d4e5f60718/homeassistant/assistant_name': 'Friday',
  '/settings/ffffffffffffffff/homeassistant/url': 'https://other-version.example-home.net',
};

function load(env: Record<string, string>, parameters: Record<string, string> = SHARED) {
  const paths: string[] = [];
  return {
    paths,
    result: loadConfig({
      env: { USE_PARAMETER_STORE: 'true', ...env },
      readParameters: (prefix) => {
        paths.push(prefix);
        return Promise.resolve(new Map(Object.entries(parameters)));
      },
    }),
  };
}

t.test('with PARAMETER_SET, non-secret settings come only from the version\'s set; a set without a token reads the shared one', async (t) => {
  const { result, paths } = load({ PARAMETER_SET: 'a1b2c3d4e5f60718' });
  const { config, errors } = await result;
  t.same(errors, []);
  t.equal(config?.homeAssistantUrl, 'https://version.example-home.net');
  t.equal(config?.assistantName, 'Friday');
  t.equal(config?.homeAssistantToken, TOKEN, 'the token is read from the prefix itself');
  t.equal(config?.caBundle, undefined, 'a shared ca_bundle left from an older sync does not leak into this version');
  t.same(paths, [PREFIX], 'still one recursive read of the prefix');
});

t.test('an environment variable still wins over the set', async (t) => {
  const { config } = await load({ PARAMETER_SET: 'a1b2c3d4e5f60718', HOME_ASSISTANT_URL: 'https://env.example-home.net' }).result;
  t.equal(config?.homeAssistantUrl, 'https://env.example-home.net');
});

t.test('without PARAMETER_SET (settings set by hand, as the old guide did) the prefix is read as before', async (t) => {
  const { config, errors } = await load({}).result;
  t.same(errors, []);
  t.equal(config?.homeAssistantUrl, 'https://shared.example-home.net');
  t.equal(config?.assistantName, 'Shared Name');
  t.match(config?.caBundle, /MIIshared/);
});

t.test('a set that no longer exists is an error naming PARAMETER_SET and the path, not a silent fallback', async (t) => {
  const { config, errors } = await load({ PARAMETER_SET: '0000000000000000' }).result;
  t.equal(config, undefined);
  t.match(errors.join('\n'), /PARAMETER_SET: no parameters under \/lambda-execution-engine\/settings\/0000000000000000/);
});

t.test('a set with its own token: the version reads that token, whatever the shared one or other sets say', async (t) => {
  const parameters = {
    ...SHARED,
    '/settings/a1b2c3d4e5f60718/homeassistant/token': 'token-of-version-2',
    '/settings/ffffffffffffffff/homeassistant/token': 'token-of-version-3',
  };
  const old = await load({ PARAMETER_SET: 'a1b2c3d4e5f60718' }, parameters).result;
  t.equal(old.config?.homeAssistantToken, 'token-of-version-2', 'not the shared token, not the newer set\'s');
  resetConfigCache();
  const next = await load({ PARAMETER_SET: 'ffffffffffffffff' }, parameters).result;
  t.equal(next.config?.homeAssistantToken, 'token-of-version-3');
  resetConfigCache();
  const legacy = await load({}, parameters).result;
  t.equal(legacy.config?.homeAssistantToken, TOKEN, 'a function without PARAMETER_SET reads the old path');
  resetConfigCache();
  const env = await load({ PARAMETER_SET: 'a1b2c3d4e5f60718', HOME_ASSISTANT_TOKEN: 'from-env' }, parameters).result;
  t.equal(env.config?.homeAssistantToken, 'from-env', 'the environment still wins');
});
