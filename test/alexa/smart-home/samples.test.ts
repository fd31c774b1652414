/**
 * Amazon's sample directives (`../shared/alexa-smarthome/sample_messages/**`), each replayed through
 * the real handler against a matching entity of the demo home: every answer must be schema-valid,
 * and directives Home Assistant supports must succeed. Skips with a message where the folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import t from 'tap';
import { HA_URL, useFakeHa } from '../../fixtures/ha-msw.js';
import { SAMPLES_DIR } from '../../fixtures/alexa-schema.js';
import { demoStates } from '../../fixtures/demo-home.js';
import { state } from '../../fixtures/fake-home-assistant.js';
import { setLogSink } from '../../../src/logging/logger.js';
import { DIRECTIVE_HANDLERS } from '../../../src/alexa/smart-home/native/capabilities/index.js';
import { ADAPTERS_BY_DOMAIN } from '../../../src/alexa/smart-home/native/entities/index.js';
import { endpointsOf, errorTypeOf, eventOf, loadHandler, nameOf, STORED_TOKEN } from './helpers.js';
import { assertSmartHomeValid } from './schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full', ALEXA_LOCALE: 'en-US' });
// The demo home, with the kitchen light at a colour temperature so that Increase/Decrease have a value to step from.
const home = demoStates().map((entity) =>
  entity.entity_id === 'light.kitchen' ? state('light.kitchen', 'on', { ...entity.attributes, brightness: 200, color_mode: 'color_temp', color_temp_kelvin: 3000 }) : entity,
);
// A speaker that only steps its volume: the only kind that declares Alexa.StepSpeaker (undeclared interfaces are refused).
home.push(state('media_player.bedroom_speaker', 'playing', { friendly_name: 'Bedroom Speaker', device_class: 'speaker', is_volume_muted: false, supported_features: 8 | 1024 }));
const { fake } = useFakeHa(t, { states: home });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

/** Which demo entity answers each sample, and the error expected where Home Assistant has no such directive. */
interface Target {
  readonly endpointId?: string;
  /** An error type, `'any error'`, or undefined for success. */
  readonly expect?: string;
}
const TARGETS: Readonly<Record<string, Target>> = {
  'Alexa.Authorization.AcceptGrant': {},
  'Alexa.Discovery.Discover': {},
  'Alexa.ReportState': { endpointId: 'light#bedroom' },
  'Alexa.PowerController': { endpointId: 'light#kitchen' },
  'Alexa.BrightnessController': { endpointId: 'light#living_room' },
  'Alexa.ColorController': { endpointId: 'light#bedroom' },
  'Alexa.ColorTemperatureController': { endpointId: 'light#kitchen' },
  'Alexa.LockController': { endpointId: 'lock#front_door' },
  'Alexa.SceneController.Activate': { endpointId: 'scene#movie_night' },
  'Alexa.SceneController.Deactivate': { endpointId: 'script#good_night' },
  'Alexa.Speaker': { endpointId: 'media_player#living_room_tv' },
  'Alexa.StepSpeaker': { endpointId: 'media_player#bedroom_speaker' },
  'Alexa.PlaybackController': { endpointId: 'media_player#living_room_tv' },
  // Home Assistant implements only Play, Pause, Stop, Next and Previous.
  'Alexa.PlaybackController.FastForward': { endpointId: 'media_player#living_room_tv', expect: 'INVALID_DIRECTIVE' },
  'Alexa.PlaybackController.Rewind': { endpointId: 'media_player#living_room_tv', expect: 'INVALID_DIRECTIVE' },
  'Alexa.PlaybackController.StartOver': { endpointId: 'media_player#living_room_tv', expect: 'INVALID_DIRECTIVE' },
  'Alexa.ChannelController': { endpointId: 'media_player#living_room_tv' },
  'Alexa.InputController': { endpointId: 'media_player#living_room_tv' },
  'Alexa.ThermostatController': { endpointId: 'climate#living_room' },
  // Legacy interfaces Home Assistant does not implement, and a camera stream the demo home has no camera for.
  'Alexa.PercentageController': { endpointId: 'light#living_room', expect: 'INVALID_DIRECTIVE' },
  'Alexa.PowerLevelController': { endpointId: 'light#living_room', expect: 'INVALID_DIRECTIVE' },
  'Alexa.CameraStreamController': { endpointId: 'light#kitchen', expect: 'any error' },
};

function sampleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sampleFiles(path);
    return entry.name.endsWith('.request.json') || entry.name === 'ReportState.json' ? [path] : [];
  });
}

if (!existsSync(SAMPLES_DIR)) {
  t.pass('Amazon sample replay', { skip: `Amazon's samples are not at ${SAMPLES_DIR} (beside the project in CI, not in forks)` });
} else {
  const files = sampleFiles(SAMPLES_DIR).sort();
  t.ok(files.length >= 40, `${files.length} sample directives found`);
  for (const file of files) {
    const event = JSON.parse(readFileSync(file, 'utf8')) as { directive: { header: { namespace: string; name: string }; endpoint?: { endpointId: string } } };
    const { namespace, name } = event.directive.header;
    const key = `${namespace}.${name}`;
    const target = TARGETS[key] ?? TARGETS[namespace];
    const domain = target?.endpointId?.split('#')[0] ?? '';
    const special = key === 'Alexa.Discovery.Discover' || key === 'Alexa.ReportState' || key === 'Alexa.Authorization.AcceptGrant';
    const ready = special || (DIRECTIVE_HANDLERS.has(key) && ADAPTERS_BY_DOMAIN.has(domain));
    const todo = target?.expect === undefined && !ready ? `${key} for ${domain} is not implemented yet` : false;
    t.test(relative(SAMPLES_DIR, file), { todo }, async (t) => {
      t.ok(target, `a demo entity is mapped for ${key}`);
      if (target?.endpointId !== undefined && event.directive.endpoint !== undefined) event.directive.endpoint.endpointId = target.endpointId;
      fake.reset();
      const response = await invoke(event);
      assertSmartHomeValid(t, response, `the answer to ${key}`);
      if (target?.expect === 'any error') t.ok(errorTypeOf(response), `${key} is refused (${errorTypeOf(response) ?? 'no error'})`);
      else t.equal(errorTypeOf(response), target?.expect, target?.expect === undefined ? `${key} succeeds` : `${key} is refused with ${target.expect}`);
      if (key === 'Alexa.Discovery.Discover') t.ok(endpointsOf(response).length >= 10, 'the demo home is discovered');
      if (key === 'Alexa.Authorization.AcceptGrant') t.same(eventOf(response).payload, {});
      if (key === 'Alexa.ReportState') t.equal(nameOf(response), 'Alexa.StateReport');
      if (target?.expect !== undefined) t.same(fake.calls, [], 'no service call');
    });
  }
}
