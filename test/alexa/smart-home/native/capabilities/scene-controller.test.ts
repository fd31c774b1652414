/**
 * Scenes, scripts and buttons: discovery (categories, SceneController with the right
 * `supportsDeactivation`, EndpointHealth where HA gives it), activation services and the
 * `ActivationStarted` / `DeactivationStarted` answers.
 */
import t from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import { resetConfigCache } from '../../../../../src/config/index.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { checkDirective, directive, discoverDirective, endpointsOf, eventOf, interfacesOf, loadHandler, propertyOf, setStates, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

const SCENE = 'Alexa.SceneController';

t.test('discovery', async (t) => {
  const rows: [string, string, string[], string[], boolean][] = [
    // entity_id, friendly name, categories, interfaces, supportsDeactivation
    ['scene.movie_night', 'Movie Night', ['SCENE_TRIGGER'], [SCENE, 'Alexa'], false],
    ['script.good_night', 'Good Night', ['ACTIVITY_TRIGGER'], [SCENE, 'Alexa'], true],
    ['button.restart', 'Restart Router', ['ACTIVITY_TRIGGER'], [SCENE, 'Alexa.EventDetectionSensor', 'Alexa.EndpointHealth', 'Alexa'], false],
    ['input_button.doorbell', 'Ring', ['ACTIVITY_TRIGGER'], [SCENE, 'Alexa.EventDetectionSensor', 'Alexa.EndpointHealth', 'Alexa'], false],
  ];
  setStates(fake.states, rows.map(([id, name]) => state(id, id.startsWith('script') ? 'off' : '2026-01-01T10:00:00+00:00', { friendly_name: name })));
  const response = await invoke(discoverDirective());
  for (const [id, , categories, interfaces, deactivation] of rows) {
    const endpoint = endpointsOf(response).find((e) => e.endpointId === id.replace('.', '#'));
    t.same(endpoint?.displayCategories, categories, `${id}: ${categories.join()}`);
    t.same(endpoint === undefined ? [] : interfacesOf(endpoint), interfaces, `${id}: interfaces`);
    const scene = (endpoint?.capabilities as Record<string, unknown>[] | undefined)?.find((c) => c.interface === SCENE);
    t.equal(scene?.supportsDeactivation, deactivation, `${id}: supportsDeactivation ${deactivation}`);
  }
  const scene = endpointsOf(response).find((e) => e.endpointId === 'scene#movie_night');
  t.equal(scene?.description, 'scene.movie_night via Home Assistant', 'a description naming the scene is kept');
  const button = endpointsOf(response).find((e) => e.endpointId === 'button#restart');
  const detection = (button?.capabilities as Record<string, unknown>[]).find((c) => c.interface === 'Alexa.EventDetectionSensor');
  t.match(detection, { configuration: { detectionModes: { humanPresence: { supportsNotDetected: false } } } }, 'a button cannot report NOT_DETECTED');
  assertSmartHomeValid(t, response);
});

t.test('a scene whose description does not say "scene" gets " (Scene)", as Amazon asks', async (t) => {
  t.teardown(() => {
    delete process.env.HA_ALEXA_FILTER;
    resetConfigCache();
  });
  process.env.HA_ALEXA_FILTER = JSON.stringify({ entity_config: { 'scene.relax': { description: 'Soft lights' }, 'scene.dim': { description: 'Dim Scene' } } });
  resetConfigCache();
  setStates(fake.states, [state('scene.relax', 'scening', { friendly_name: 'Relax' }), state('scene.dim', 'scening')]);
  const response = await invoke(discoverDirective());
  const byId = new Map(endpointsOf(response).map((e) => [e.endpointId, e]));
  t.equal(byId.get('scene#relax')?.description, 'Soft lights via Home Assistant (Scene)');
  t.equal(byId.get('scene#dim')?.description, 'Dim Scene via Home Assistant');
  assertSmartHomeValid(t, response);
});

const ACTIVATE: DirectiveCase[] = [
  { what: 'scene', entity: state('scene.movie_night', 'scening'), namespace: SCENE, name: 'Activate', calls: [{ service: 'scene.turn_on', data: { entity_id: 'scene.movie_night' } }], response: 'Alexa.SceneController.ActivationStarted' },
  { what: 'script', entity: state('script.good_night', 'off'), namespace: SCENE, name: 'Activate', calls: [{ service: 'script.turn_on', data: { entity_id: 'script.good_night' } }], response: 'Alexa.SceneController.ActivationStarted' },
  { what: 'script deactivates', entity: state('script.good_night', 'on'), namespace: SCENE, name: 'Deactivate', calls: [{ service: 'script.turn_off', data: { entity_id: 'script.good_night' } }], response: 'Alexa.SceneController.DeactivationStarted' },
  { what: 'button presses', entity: state('button.restart', 'unknown'), namespace: SCENE, name: 'Activate', calls: [{ service: 'button.press', data: { entity_id: 'button.restart' } }], response: 'Alexa.SceneController.ActivationStarted' },
  { what: 'input_button presses', entity: state('input_button.ring', 'unknown'), namespace: SCENE, name: 'Activate', calls: [{ service: 'input_button.press', data: { entity_id: 'input_button.ring' } }], response: 'Alexa.SceneController.ActivationStarted' },
  { what: 'a button cannot be deactivated', entity: state('button.restart', 'unknown'), namespace: SCENE, name: 'Deactivate', error: 'INVALID_DIRECTIVE' },
];

t.test('activation calls HA\'s service and answers ActivationStarted with cause and timestamp', async (t) => {
  for (const row of ACTIVATE) {
    const response = await checkDirective(t, invoke, fake, row, assertSmartHomeValid);
    if (row.error === undefined) {
      t.match(eventOf(response).payload, { cause: { type: 'VOICE_INTERACTION' }, timestamp: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/ }, `${row.what}: payload`);
    }
  }
});

t.test('a button reports its press as DETECTED, and nothing while unavailable', async (t) => {
  fake.states.set('button.restart', state('button.restart', '2026-01-01T10:00:00+00:00'));
  const pressed = await invoke(directive('Alexa', 'ReportState', { endpointId: 'button#restart' }));
  t.same(propertyOf(pressed, 'Alexa.EventDetectionSensor', 'humanPresenceDetectionState'), { value: 'DETECTED' });
  fake.states.set('button.restart', state('button.restart', 'unavailable'));
  const gone = await invoke(directive('Alexa', 'ReportState', { endpointId: 'button#restart' }));
  t.equal(propertyOf(gone, 'Alexa.EventDetectionSensor', 'humanPresenceDetectionState'), undefined);
  t.same(propertyOf(gone, 'Alexa.EndpointHealth', 'connectivity'), { value: 'UNREACHABLE' });
  assertSmartHomeValid(t, gone);
});

t.test('ReportState works for scenes and scripts (no properties of their own)', async (t) => {
  for (const id of ['scene.movie_night', 'script.good_night']) {
    fake.states.set(id, state(id, 'off'));
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: id.replace('.', '#') }));
    t.equal(eventOf(response).header.name, 'StateReport', id);
    assertSmartHomeValid(t, response, id);
  }
});
