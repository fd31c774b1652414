/**
 * Cameras: always discovered as CAMERA with EndpointHealth; a CameraStreamController only when the
 * camera supports STREAM, HA runs the `stream` integration and its external URL is https on port 443
 * with a host name (HA's `test_camera_discovery*` and `test_camera_hass_urls`). Starting a stream is
 * refused with a message that names the way out (proxy mode), since REST cannot give the HLS URL.
 */
import t, { type Test } from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { alexaReachableUrl, cameraCanStream } from '../../../../../src/alexa/smart-home/native/capabilities/camera-stream-controller.js';
import { checkDirective, directive, discoverDirective, endpointsOf, eventOf, interfacesOf, loadHandler, propertyOf, setStates, STORED_TOKEN } from '../../helpers.js';
import { assertSmartHomeValid as assertValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

const STREAM = 'Alexa.CameraStreamController';

/**
 * Amazon's docs (and HA) use the HLS protocol for camera streams; the schema's enum lacks it.
 * TODO: drop this wrapper once schema-gaps.ts lists the gap (asked of A1).
 */
function assertSmartHomeValid(t: Test, response: unknown, what = 'the response'): void {
  const text = JSON.stringify(response ?? null);
  if (!text.includes('"HLS"')) return assertValid(t, response, what);
  assertValid(t, JSON.parse(text.replaceAll('"HLS"', '"RTSP"')), `${what} (allowed schema gap: HLS camera protocol, documented by Amazon)`);
}
const camera = state('camera.test', 'idle', { friendly_name: 'Test camera', supported_features: 3 });
const baseConfig = { ...fake.config };

async function discoverCamera(t: Test, components: string[], externalUrl: string | null, entity = camera): Promise<string[]> {
  fake.config = { ...baseConfig, components: [...baseConfig.components ?? [], ...components], external_url: externalUrl };
  setStates(fake.states, [entity]);
  const response = await invoke(discoverDirective());
  assertSmartHomeValid(t, response, `${entity.entity_id} with ${externalUrl ?? 'no external URL'}`);
  const [endpoint] = endpointsOf(response);
  t.same(endpoint?.displayCategories, ['CAMERA']);
  return endpoint === undefined ? [] : interfacesOf(endpoint);
}

t.teardown(() => {
  fake.config = baseConfig;
});

t.test('discovery without the stream integration: EndpointHealth and Alexa only', async (t) => {
  t.same(await discoverCamera(t, [], 'https://example.com'), ['Alexa.EndpointHealth', 'Alexa']);
});

t.test('discovery with stream and a usable URL: CameraStreamController with HA\'s configuration', async (t) => {
  fake.config = { ...baseConfig, components: [...baseConfig.components ?? [], 'stream'], external_url: 'https://example.com' };
  setStates(fake.states, [camera]);
  const response = await invoke(discoverDirective());
  assertSmartHomeValid(t, response);
  const [endpoint] = endpointsOf(response);
  t.same(endpoint === undefined ? [] : interfacesOf(endpoint), [STREAM, 'Alexa.EndpointHealth', 'Alexa']);
  const stream = (endpoint?.capabilities as Record<string, unknown>[] | undefined)?.find((c) => c.interface === STREAM);
  t.same(stream?.cameraStreamConfigurations, [
    { protocols: ['HLS'], resolutions: [{ width: 1280, height: 720 }], authorizationTypes: ['NONE'], videoCodecs: ['H264'], audioCodecs: ['AAC'] },
  ]);
});

t.test('discovery: which external URLs Alexa could stream from (HA\'s test_camera_hass_urls)', async (t) => {
  const rows: [string | null, boolean][] = [
    ['http://nabu.casa', false],
    ['https://nabu.casa', true],
    ['https://nabu.casa:443', true],
    ['https://nabu.casa:8443', false],
    ['https://10.0.0.1', false],
    ['https://[2001:db8::1]', false],
    ['not a url', false],
    [null, false],
  ];
  for (const [url, streams] of rows) {
    t.equal((await discoverCamera(t, ['stream'], url)).includes(STREAM), streams, `${String(url)}: ${streams ? 'stream' : 'no stream'}`);
  }
  const noStreamFeature = state('camera.still', 'idle', { supported_features: 1 });
  t.notOk((await discoverCamera(t, ['stream'], 'https://nabu.casa', noStreamFeature)).includes(STREAM), 'no STREAM feature: no stream');
  t.equal(alexaReachableUrl({ external_url: 'https://nabu.casa:443/' }), 'https://nabu.casa:443', 'trailing slash dropped');
  t.notOk(cameraCanStream(2, { external_url: 'https://nabu.casa' }), 'a config without components has no stream integration');
  t.notOk(cameraCanStream(2, undefined), 'no config, no stream');
});

t.test('InitializeCameraStreams is refused with the reason', async (t) => {
  fake.config = { ...baseConfig, components: [...baseConfig.components ?? [], 'stream'], external_url: 'https://example.com' };
  const withStream = await checkDirective(t, invoke, fake, { what: 'stream offered', entity: camera, namespace: STREAM, name: 'InitializeCameraStreams', payload: {}, error: 'INTERNAL_ERROR' }, assertSmartHomeValid);
  t.match(eventOf(withStream).payload.message, /WebSocket.*HA_ALEXA_MODE=proxy/);
  fake.config = { ...baseConfig, external_url: null };
  // Without a usable URL the camera declares no CameraStreamController, so the directive is refused as undeclared.
  const without = await checkDirective(t, invoke, fake, { what: 'no usable URL', entity: camera, namespace: STREAM, name: 'InitializeCameraStreams', payload: {}, error: 'INVALID_DIRECTIVE' }, assertSmartHomeValid);
  t.match(eventOf(without).payload.message, /does not declare Alexa\.CameraStreamController/);
});

t.test('ReportState: connectivity only', async (t) => {
  for (const [value, connectivity] of [['idle', 'OK'], ['streaming', 'OK'], ['unavailable', 'UNREACHABLE']] as const) {
    setStates(fake.states, [state('camera.test', value, camera.attributes)]);
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: 'camera#test' }));
    t.same(propertyOf(response, 'Alexa.EndpointHealth', 'connectivity'), { value: connectivity }, `${value}: ${connectivity}`);
    assertSmartHomeValid(t, response, value);
  }
});
