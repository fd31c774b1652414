/**
 * Unit tests for src/config/index.ts: precedence (env, then SSM, then default), Parameter Store read
 * once per cold start through the real SDK against SSM faked at the HTTP level, TTL refresh, and
 * failures that are reported, remembered briefly, and never replace a last good configuration.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import t from 'tap';
import { abandonConfigRead, cachedConfig, loadConfig, lugsEnabledAtInit, resetConfigCache, SSM_RETRY_AFTER_MS } from '../../src/config/index.js';
import { readParametersFromSsm, type ParameterReader } from '../../src/config/ssm.js';

const SSM_URL = 'https://ssm.fake-aws.test';
process.env.AWS_ENDPOINT_URL_SSM = SSM_URL;
process.env.AWS_REGION = 'eu-west-1';
process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'secret-test-key';

interface SsmParameter {
  Name: string;
  Value: string;
  Type: 'String' | 'SecureString';
}

const ssm = {
  parameters: [] as SsmParameter[],
  calls: [] as { path: string; decrypt: boolean; nextToken?: string }[],
  fail: undefined as undefined | { status: number; type: string; message: string },
};

const server = setupServer(
  http.post(`${SSM_URL}/`, async ({ request }) => {
    t.equal(request.headers.get('x-amz-target'), 'AmazonSSM.GetParametersByPath', 'only GetParametersByPath is called');
    const body = (await request.json()) as { Path: string; WithDecryption?: boolean; Recursive?: boolean; NextToken?: string };
    ssm.calls.push({ path: body.Path, decrypt: body.WithDecryption === true, nextToken: body.NextToken });
    if (ssm.fail !== undefined) {
      return HttpResponse.json({ __type: ssm.fail.type, message: ssm.fail.message }, { status: ssm.fail.status, headers: { 'content-type': 'application/x-amz-json-1.1' } });
    }
    const matching = ssm.parameters.filter((p) => p.Name.startsWith(`${body.Path}/`));
    const start = body.NextToken === undefined ? 0 : Number(body.NextToken);
    const page = matching.slice(start, start + 10);
    const next = start + 10 < matching.length ? String(start + 10) : undefined;
    return HttpResponse.json(
      { Parameters: page.map((p) => ({ ...p, Version: 1, DataType: 'text' })), ...(next === undefined ? {} : { NextToken: next }) },
      { headers: { 'content-type': 'application/x-amz-json-1.1' } },
    );
  }),
);
server.listen({ onUnhandledRequest: 'error' });
t.teardown(() => server.close());

t.beforeEach(() => {
  resetConfigCache();
  ssm.parameters = [];
  ssm.calls = [];
  ssm.fail = undefined;
});

const PREFIX = '/lambda-execution-engine';
function param(name: string, value: string, type: SsmParameter['Type'] = 'String'): SsmParameter {
  return { Name: `${PREFIX}${name}`, Value: value, Type: type };
}

t.test('with USE_PARAMETER_STORE=false no AWS call is made and env settings apply', async (t) => {
  const result = await loadConfig({ env: { HOME_ASSISTANT_URL: 'http://127.0.0.1:8123', HOME_ASSISTANT_TOKEN: 'env-token-abcdef' } });
  t.same(result.errors, []);
  t.equal(result.config?.homeAssistantUrl, 'http://127.0.0.1:8123');
  t.equal(result.config?.homeAssistantToken, 'env-token-abcdef');
  t.equal(ssm.calls.length, 0, 'SSM was not called');
});

t.test('settings come from SSM under the prefix with one paged, decrypted GetParametersByPath', async (t) => {
  ssm.parameters = [
    param('/homeassistant/url', 'https://ha.example.com'),
    param('/homeassistant/token', 'ssm-token-123456', 'SecureString'),
    param('/homeassistant/assistant_name', 'Jarvis'),
    param('/homeassistant/verify_ssl', 'no'),
    param('/homeassistant/timeout', '30'),
    param('/alexa/filter', '{"exclude_domains":["automation"]}'),
    ...Array.from({ length: 12 }, (_, i) => param(`/unrelated/p${i}`, 'x')),
  ];
  const result = await loadConfig({ env: { USE_PARAMETER_STORE: 'true' } });
  t.same(result.errors, []);
  t.match(result.config, {
    homeAssistantUrl: 'https://ha.example.com',
    homeAssistantToken: 'ssm-token-123456',
    assistantName: 'Jarvis',
    verifySsl: false,
    timeoutSeconds: 30,
    alexaFilter: { exclude_domains: ['automation'] },
  });
  t.equal(ssm.calls.length, 2, '18 parameters take two pages of 10');
  t.ok(ssm.calls.every((call) => call.path === PREFIX && call.decrypt), 'reads the prefix with decryption');
  t.equal(result.refreshed, true);
});

t.test('an environment variable overrides its SSM parameter (HA_ASSISTANT_NAME over assistant_name)', async (t) => {
  ssm.parameters = [param('/homeassistant/url', 'https://ha.example.com'), param('/homeassistant/assistant_name', 'Jarvis')];
  const result = await loadConfig({ env: { USE_PARAMETER_STORE: 'true', HA_ASSISTANT_NAME: 'Friday' } });
  t.equal(result.config?.assistantName, 'Friday');
});

t.test('a custom PARAMETER_PREFIX is read, and SSM errors name the parameter', async (t) => {
  ssm.parameters = [{ Name: '/my-home/homeassistant/url', Value: 'https://ha.example.com', Type: 'String' }, { Name: '/my-home/homeassistant/verify_ssl', Value: 'perhaps', Type: 'String' }];
  const result = await loadConfig({ env: { USE_PARAMETER_STORE: 'yes', PARAMETER_PREFIX: '/my-home' } });
  t.equal(result.config, undefined);
  t.match(result.errors, [/^SSM \/my-home\/homeassistant\/verify_ssl must be one of true\/false/]);
  t.equal(ssm.calls[0]?.path, '/my-home');
});

t.test('the configuration is read once per cold start and refreshed after PARAMETER_CACHE_TTL', async (t) => {
  ssm.parameters = [param('/homeassistant/url', 'https://one.example.com')];
  let now = 1_000_000;
  const env = { USE_PARAMETER_STORE: 'true', PARAMETER_CACHE_TTL: '60' };
  const first = await loadConfig({ env, now: () => now });
  ssm.parameters = [param('/homeassistant/url', 'https://two.example.com')];
  now += 59_000;
  const second = await loadConfig({ env, now: () => now });
  t.equal(second.config?.homeAssistantUrl, 'https://one.example.com', 'served from the cache within the TTL');
  t.equal(second.refreshed, false);
  now += 2_000;
  const third = await loadConfig({ env, now: () => now });
  t.equal(first.config?.homeAssistantUrl, 'https://one.example.com');
  t.equal(third.config?.homeAssistantUrl, 'https://two.example.com', 'read again after the TTL');
  t.equal(ssm.calls.length, 2);
});

t.test('cachedConfig gives the fresh settings without waiting, and nothing before a load or past the TTL', async (t) => {
  ssm.parameters = [param('/homeassistant/url', 'https://one.example.com')];
  const start = 2_000_000;
  t.equal(cachedConfig(start), undefined, 'nothing before the first load');
  await loadConfig({ env: { USE_PARAMETER_STORE: 'true', PARAMETER_CACHE_TTL: '60' }, now: () => start });
  const warm = cachedConfig(start + 59_000);
  t.equal(warm?.config?.homeAssistantUrl, 'https://one.example.com');
  t.equal(warm?.refreshed, false, 'a reused configuration is not a refresh');
  t.equal(cachedConfig(start + 61_000), undefined, 'past the TTL the gateway waits for loadConfig');
});

t.test('a failed SSM read is reported with the fix and remembered briefly: invocations right after it do not wait on SSM again', async (t) => {
  ssm.fail = { status: 400, type: 'AccessDeniedException', message: 'User is not authorized to perform: ssm:GetParametersByPath' };
  const env = { USE_PARAMETER_STORE: 'true' };
  let now = 0;
  const failed = await loadConfig({ env, now: () => now });
  t.equal(failed.config, undefined);
  t.match(failed.errors, [/access denied.*ssm:GetParametersByPath on parameter\/lambda-execution-engine and parameter\/lambda-execution-engine\/\*/]);
  ssm.fail = undefined;
  ssm.parameters = [param('/homeassistant/url', 'https://ha.example.com')];
  now += SSM_RETRY_AFTER_MS - 1;
  const remembered = await loadConfig({ env, now: () => now });
  t.same(remembered.errors, failed.errors, 'the same answer, at once');
  t.equal(ssm.calls.length, 1, 'SSM was not called again within SSM_RETRY_AFTER_MS');
  now += 1;
  const retried = await loadConfig({ env, now: () => now });
  t.equal(retried.config?.homeAssistantUrl, 'https://ha.example.com');
  t.equal(ssm.calls.length, 2, 'then it is read again');
  t.ok(SSM_RETRY_AFTER_MS <= 30_000, 'a fixed IAM policy is picked up within seconds');
});

t.test('a warm container keeps its last good configuration when a refresh fails, without retrying SSM on every invocation', async (t) => {
  ssm.parameters = [param('/homeassistant/url', 'https://ha.example.com')];
  let now = 0;
  const env = { USE_PARAMETER_STORE: 'true', PARAMETER_CACHE_TTL: '1' };
  await loadConfig({ env, now: () => now });
  ssm.fail = { status: 400, type: 'AccessDeniedException', message: 'not authorized' };
  now += 5_000;
  const stale = await loadConfig({ env, now: () => now });
  t.equal(stale.config?.homeAssistantUrl, 'https://ha.example.com');
  t.match(stale.warnings, [/access denied.*keeping the last good configuration/]);
  now += 1_000;
  const again = await loadConfig({ env, now: () => now });
  t.equal(again.config?.homeAssistantUrl, 'https://ha.example.com', 'still the last good configuration');
  t.equal(ssm.calls.length, 2, 'the failed refresh is not repeated at once');
  ssm.fail = undefined;
  ssm.parameters = [param('/homeassistant/url', 'https://new.example.com')];
  now += SSM_RETRY_AFTER_MS;
  const refreshed = await loadConfig({ env, now: () => now });
  t.equal(refreshed.config?.homeAssistantUrl, 'https://new.example.com', 'refreshed once SSM works again');
});

t.test('callers that arrive while a read is under way share it', async (t) => {
  ssm.parameters = [param('/homeassistant/url', 'https://ha.example.com')];
  const env = { USE_PARAMETER_STORE: 'true' };
  const [first, second] = await Promise.all([loadConfig({ env }), loadConfig({ env })]);
  t.equal(first.config?.homeAssistantUrl, 'https://ha.example.com');
  t.equal(second.config?.homeAssistantUrl, 'https://ha.example.com');
  t.equal(ssm.calls.length, 1, 'one GetParametersByPath');
});

t.test('readParametersFromSsm strips the prefix from parameter names', async (t) => {
  ssm.parameters = [param('/homeassistant/url', 'https://ha.example.com')];
  const values = await readParametersFromSsm(PREFIX, 'eu-west-1');
  t.same([...values.entries()], [['/homeassistant/url', 'https://ha.example.com']]);
});

t.test('warnings: plain http outside private ranges, and TLS verification off', async (t) => {
  const publicHttp = await loadConfig({ env: { HOME_ASSISTANT_URL: 'http://ha.example.com' } });
  t.match(publicHttp.warnings, [/plain http:\/\/ to ha\.example\.com.*use https:\/\//]);
  resetConfigCache();
  const lan = await loadConfig({ env: { HOME_ASSISTANT_URL: 'http://homeassistant.local:8123', HA_VERIFY_SSL: '0' } });
  t.equal(lan.warnings.length, 1);
  t.match(lan.warnings, [/HA_VERIFY_SSL=false: TLS verification is off for the Home Assistant connection only/]);
});

t.test('LUGS_ENABLED is read at init, default on', async (t) => {
  t.equal(lugsEnabledAtInit({}), true);
  t.equal(lugsEnabledAtInit({ LUGS_ENABLED: 'false' }), false);
  t.equal(lugsEnabledAtInit({ LUGS_ENABLED: 'No' }), false);
  t.equal(lugsEnabledAtInit({ LUGS_ENABLED: '1' }), true);
});

t.test('an abandoned read is aborted and forgotten: the next caller starts a fresh read, and the late end of the old one is not remembered as a failure', async (t) => {
  // Prepare: the first read never ends on its own (an answer that trickles); it ends only when aborted.
  const env = { USE_PARAMETER_STORE: 'true' };
  const signals: AbortSignal[] = [];
  const readParameters: ParameterReader = async (_prefix, _region, signal) => {
    signals.push(signal as AbortSignal);
    if (signals.length === 1) {
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    }
    return new Map([['/homeassistant/url', 'https://fresh.example.com']]);
  };
  const first = loadConfig({ env, readParameters });

  // Act
  abandonConfigRead();
  const abandoned = await first;
  const fresh = await loadConfig({ env, readParameters });

  // Assess
  t.equal(signals.length, 2, 'the next caller started a read of its own');
  t.equal(signals[0]?.aborted, true, 'the abandoned read was aborted');
  t.equal(signals[1]?.aborted, false);
  t.equal(abandoned.config, undefined, 'the abandoned read answers with an error, to nobody');
  t.equal(fresh.config?.homeAssistantUrl, 'https://fresh.example.com', 'not the abandoned read\'s failure, remembered');
  abandonConfigRead();
  t.equal((await loadConfig({ env, readParameters })).config?.homeAssistantUrl, 'https://fresh.example.com', 'abandoning with no read under way changes nothing');
});

t.test('a read that ends after it was abandoned does not forget the fresh read under way', async (t) => {
  const env = { USE_PARAMETER_STORE: 'true' };
  const releases: (() => void)[] = [];
  let reads = 0;
  const readParameters: ParameterReader = async () => {
    reads += 1;
    const read = reads;
    await new Promise<void>((resolve) => releases.push(resolve));
    if (read === 1) throw new Error('the abandoned read fails late');
    return new Map([['/homeassistant/url', 'https://second.example.com']]);
  };
  const first = loadConfig({ env, readParameters });
  abandonConfigRead();
  const second = loadConfig({ env, readParameters });
  releases[0]?.();
  await first;
  const third = loadConfig({ env, readParameters });
  releases[1]?.();
  t.equal((await third).config?.homeAssistantUrl, 'https://second.example.com');
  t.equal((await second).config?.homeAssistantUrl, 'https://second.example.com');
  t.equal(reads, 2, 'the third caller joined the second read');
});
