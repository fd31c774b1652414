/**
 * Media players: which interfaces a player gets from its features (and sources / sound modes), the
 * exact services each Speaker, StepSpeaker, Playback, Input, Channel, Seek and Equalizer directive
 * calls, and the properties ReportState reads. Rows restate HA's `test_media_player*` tests.
 */
import t, { type Test } from 'tap';
import { HA_URL, useFakeHa } from '../../../../fixtures/ha-msw.js';
import { state } from '../../../../fixtures/fake-home-assistant.js';
import type { HaState } from '../../../../../src/homeassistant/types.js';
import { resetConfigCache } from '../../../../../src/config/index.js';
import { setLogSink } from '../../../../../src/logging/logger.js';
import { checkDirective, directive, discoverDirective, endpointsOf, eventOf, interfacesOf, loadHandler, propertyOf, setStates, STORED_TOKEN, type DirectiveCase } from '../../helpers.js';
import { assertSmartHomeValid } from '../../schema-gaps.js';

const invoke = await loadHandler({ HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: STORED_TOKEN, HA_FEATURE_PRESET: 'full' });
const { fake } = useFakeHa(t, { applyServiceEffects: false });
const previous = setLogSink(() => undefined);
t.teardown(() => setLogSink(previous));

/** HA `MediaPlayerEntityFeature`. */
const MP = {
  PAUSE: 1, SEEK: 2, VOLUME_SET: 4, VOLUME_MUTE: 8, PREVIOUS_TRACK: 16, NEXT_TRACK: 32, TURN_ON: 128, TURN_OFF: 256,
  PLAY_MEDIA: 512, VOLUME_STEP: 1024, SELECT_SOURCE: 2048, STOP: 4096, PLAY: 16384, SELECT_SOUND_MODE: 65536,
} as const;

const A = 'Alexa';
const EH = 'Alexa.EndpointHealth';
const POWER = 'Alexa.PowerController';
const SPEAKER = 'Alexa.Speaker';
const STEP = 'Alexa.StepSpeaker';
const PLAYBACK = 'Alexa.PlaybackController';
const REPORTER = 'Alexa.PlaybackStateReporter';
const INPUT = 'Alexa.InputController';
const CHANNEL = 'Alexa.ChannelController';
const SEEK = 'Alexa.SeekController';
const EQ = 'Alexa.EqualizerController';

const tv = state('media_player.test', 'off', {
  friendly_name: 'Test media player',
  supported_features: MP.NEXT_TRACK | MP.PAUSE | MP.PLAY | MP.PLAY_MEDIA | MP.PREVIOUS_TRACK | MP.SELECT_SOURCE | MP.STOP | MP.TURN_OFF | MP.TURN_ON | MP.VOLUME_MUTE | MP.VOLUME_SET,
  volume_level: 0.75,
  source_list: ['hdmi', 'tv'],
});
const speaker = state('media_player.test_speaker', 'off', { friendly_name: 'Test media player speaker', supported_features: MP.VOLUME_MUTE | MP.VOLUME_SET, volume_level: 0.75, device_class: 'speaker' });
const stepSpeaker = state('media_player.test_step_speaker', 'off', { friendly_name: 'Test media player step speaker', supported_features: MP.VOLUME_MUTE | MP.VOLUME_STEP, device_class: 'speaker' });
const seeker = state('media_player.test_seek', 'playing', { friendly_name: 'Test media player seek', supported_features: MP.SEEK, media_position: 300, media_duration: 600 });
const soundModes = ['movie', 'music', 'night', 'sport', 'tv', 'rocknroll'];
const equalizer = state('media_player.test_eq', 'on', { friendly_name: 'Test media player', supported_features: MP.SELECT_SOUND_MODE, sound_mode: 'tv', sound_mode_list: soundModes });
const inputs = state('media_player.test_inputs', 'on', {
  friendly_name: 'Test media player', supported_features: MP.SELECT_SOURCE, volume_level: 0.75,
  source_list: ['foo', 'foo_2', 'hdmi', 'hdmi_2', 'hdmi-3', 'hdmi4', 'hdmi 5', 'HDMI 6', 'hdmi_arc', 'aux', 'input 1', 'tv', 0, null],
});

async function discoverOne(entity: HaState, t: Test): Promise<Record<string, unknown>> {
  setStates(fake.states, [entity]);
  const response = await invoke(discoverDirective());
  assertSmartHomeValid(t, response, entity.entity_id);
  const endpoints = endpointsOf(response);
  t.equal(endpoints.length, 1, `${entity.entity_id} is discovered`);
  return endpoints[0] ?? {};
}

function capability(endpoint: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  return (endpoint.capabilities as Record<string, unknown>[]).find((c) => c.interface === name);
}

t.test('discovery: the interfaces follow the features', async (t) => {
  const rows: { what: string; entity: HaState; category: string; interfaces: string[] }[] = [
    { what: 'TV with playback, inputs, channels and volume', entity: tv, category: 'TV', interfaces: [POWER, SPEAKER, PLAYBACK, REPORTER, INPUT, CHANNEL, EH, A] },
    {
      what: 'every feature but power (0xfa3f)', entity: state('media_player.test', 'off', { friendly_name: 'Test media player', supported_features: 0xfa3f, volume_level: 0.75 }),
      category: 'TV', interfaces: [POWER, SPEAKER, PLAYBACK, REPORTER, SEEK, CHANNEL, EH, A],
    },
    { what: 'speaker device class', entity: speaker, category: 'SPEAKER', interfaces: [POWER, SPEAKER, EH, A] },
    { what: 'VOLUME_STEP without VOLUME_SET', entity: stepSpeaker, category: 'SPEAKER', interfaces: [POWER, STEP, EH, A] },
    { what: 'SEEK', entity: seeker, category: 'TV', interfaces: [POWER, SEEK, EH, A] },
    { what: 'known sound modes', entity: equalizer, category: 'TV', interfaces: [POWER, EQ, EH, A] },
    {
      what: 'only unknown sound modes', entity: state('media_player.test', 'on', { supported_features: MP.SELECT_SOUND_MODE, sound_mode: 'unknown', sound_mode_list: ['unsupported', 'non-existing'] }),
      category: 'TV', interfaces: [POWER, EH, A],
    },
    {
      what: 'sources Alexa has no name for', entity: state('media_player.test_no_inputs', 'off', {
        supported_features: MP.SELECT_SOURCE, source_list: ['foo', 'foo_2', 'vcr', 'betamax', 'record_player', 'f.m.', 'a.m.', 'tape_deck', 'laser_disc', 'hd_dvd'],
      }),
      category: 'TV', interfaces: [POWER, EH, A],
    },
    { what: 'no features at all', entity: state('media_player.bare', 'idle'), category: 'TV', interfaces: [POWER, EH, A] },
  ];
  for (const row of rows) {
    const endpoint = await discoverOne(row.entity, t);
    t.same(endpoint.displayCategories, [row.category], `${row.what}: ${row.category}`);
    t.same(interfacesOf(endpoint), row.interfaces, `${row.what}: interfaces`);
  }
});

t.test('discovery: operations, inputs, volume properties and sound modes', async (t) => {
  const full = await discoverOne(tv, t);
  t.same(capability(full, PLAYBACK)?.supportedOperations, ['Next', 'Pause', 'Play', 'Previous', 'Stop'], 'every playback operation');
  t.same(capability(full, SPEAKER)?.properties, { supported: [{ name: 'volume' }, { name: 'muted' }], proactivelyReported: true, retrievable: true });

  const onlyPlay = await discoverOne(state('media_player.radio', 'idle', { supported_features: MP.PLAY | MP.STOP }), t);
  t.same(capability(onlyPlay, PLAYBACK)?.supportedOperations, ['Play', 'Stop'], 'only the operations the player supports');

  const noMute = await discoverOne(state('media_player.amp', 'on', { supported_features: MP.VOLUME_SET, volume_level: 0.2 }), t);
  t.same(capability(noMute, SPEAKER)?.properties, { supported: [{ name: 'volume' }], proactivelyReported: true, retrievable: true }, 'muted only with VOLUME_MUTE');

  const mapped = await discoverOne(inputs, t);
  t.same(
    capability(mapped, INPUT)?.inputs,
    [{ name: 'HDMI 1' }, { name: 'HDMI 2' }, { name: 'HDMI 3' }, { name: 'HDMI 4' }, { name: 'HDMI 5' }, { name: 'HDMI 6' }, { name: 'HDMI ARC' }, { name: 'AUX 1' }, { name: 'INPUT 1' }, { name: 'TV' }],
    'sources normalized to Alexa names; "foo", numbers and nulls left out',
  );
  const duplicates = await discoverOne(state('media_player.dup', 'on', { supported_features: MP.SELECT_SOURCE, source_list: ['HDMI', 'hdmi 1', 'Game Console', 'game'] }), t);
  t.same(capability(duplicates, INPUT)?.inputs, [{ name: 'HDMI 1' }, { name: 'GAME' }], 'two sources with one Alexa name are listed once');

  const eq = await discoverOne(equalizer, t);
  t.same(capability(eq, EQ)?.configurations, { modes: { supported: [{ name: 'MOVIE' }, { name: 'MUSIC' }, { name: 'NIGHT' }, { name: 'SPORT' }, { name: 'TV' }] } });
  t.same(capability(eq, EQ)?.properties, { supported: [{ name: 'mode' }], proactivelyReported: false, retrievable: true });
});

t.test('discovery: interfaces Alexa does not offer in the configured locale are left out', async (t) => {
  t.teardown(() => {
    delete process.env.ALEXA_LOCALE;
    resetConfigCache();
  });
  const both = state('media_player.both', 'on', { supported_features: MP.VOLUME_SET | MP.PLAY | MP.SELECT_SOUND_MODE, volume_level: 0.5, sound_mode_list: ['music'] });
  process.env.ALEXA_LOCALE = 'pt-BR';
  resetConfigCache();
  t.same(interfacesOf(await discoverOne(both, t)), [POWER, PLAYBACK, REPORTER, EQ, EH, A], 'pt-BR: no Speaker');
  process.env.ALEXA_LOCALE = 'ar-SA';
  resetConfigCache();
  t.same(interfacesOf(await discoverOne(both, t)), [POWER, PLAYBACK, REPORTER, EH, A], 'ar-SA: neither Speaker nor Equalizer');
});

const id = (entity: HaState): { entity_id: string } => ({ entity_id: entity.entity_id });
const mp = (service: string, entity: HaState, data: Record<string, unknown> = {}): { service: string; data: Record<string, unknown> } => ({ service: `media_player.${service}`, data: { ...id(entity), ...data } });

const DIRECTIVES: DirectiveCase[] = [
  // Power: TURN_ON/TURN_OFF players switch; the others play and stop (HA's mapping).
  { what: 'TurnOn with TURN_ON', entity: tv, namespace: POWER, name: 'TurnOn', calls: [mp('turn_on', tv)] },
  { what: 'TurnOff with TURN_OFF', entity: tv, namespace: POWER, name: 'TurnOff', calls: [mp('turn_off', tv)] },
  { what: 'TurnOn without power features plays', entity: seeker, namespace: POWER, name: 'TurnOn', calls: [mp('media_play', seeker)] },
  { what: 'TurnOff without power features stops', entity: seeker, namespace: POWER, name: 'TurnOff', calls: [mp('media_stop', seeker)] },
  // Playback.
  ...([['Play', 'media_play'], ['Pause', 'media_pause'], ['Stop', 'media_stop'], ['Next', 'media_next_track'], ['Previous', 'media_previous_track']] as const).map(
    ([name, service]): DirectiveCase => ({ what: `Playback ${name}`, entity: tv, namespace: PLAYBACK, name, calls: [mp(service, tv)] }),
  ),
  // Channels: the first field Alexa sent wins, even when empty; the metadata name is the last resort.
  ...([
    [{ channel: { number: '24' }, channelMetadata: { name: '' } }, '24', { number: '24' }],
    [{ channel: { callSign: 'ABC' }, channelMetadata: { name: '' } }, 'ABC', { callSign: 'ABC' }],
    [{ channel: { number: '' }, channelMetadata: { name: 'ABC' } }, '', { number: '' }],
    [{ channel: { affiliateCallSign: 'ABC' }, channelMetadata: { name: '' } }, 'ABC', { affiliateCallSign: 'ABC' }],
    [{ channel: { uri: 'ABC' }, channelMetadata: { name: '' } }, 'ABC', { uri: 'ABC' }],
    [{ channel: {}, channelMetadata: { name: 'BBC One' } }, 'BBC One', { callSign: 'BBC One' }],
    [{ channel: {}, channelMetadata: {} }, '0', { number: '0' }],
  ] as const).map(([payload, contentId, reported]): DirectiveCase => ({
    what: `ChangeChannel ${JSON.stringify(payload.channel)} / ${'name' in payload.channelMetadata ? payload.channelMetadata.name || 'empty name' : 'no name'}`,
    entity: tv, namespace: CHANNEL, name: 'ChangeChannel', payload,
    calls: [mp('play_media', tv, { media_content_id: contentId, media_content_type: 'channel' })],
    context: { [`${CHANNEL}.channel`]: reported },
  })),
  // A number where Alexa sends a string: its decimal string, reported as a string (schema: `number` is a string).
  ...([[0, '0'], [24, '24']] as const).map(([number, text]): DirectiveCase => ({
    what: `ChangeChannel with the number ${number} as a JSON number`, entity: tv, namespace: CHANNEL, name: 'ChangeChannel', payload: { channel: { number } },
    calls: [mp('play_media', tv, { media_content_id: text, media_content_type: 'channel' })], context: { [`${CHANNEL}.channel`]: { number: text } },
  })),
  ...([{ channel: { number: null } }, { channel: { callSign: { name: 'ABC' } } }, { channel: { number: true } }, { channel: {}, channelMetadata: { name: ['ABC'] } }] as const).map((payload): DirectiveCase => ({
    what: `ChangeChannel ${JSON.stringify(payload)}`, entity: tv, namespace: CHANNEL, name: 'ChangeChannel', payload, error: 'INVALID_DIRECTIVE',
  })),
  { what: 'ChangeChannel without channelMetadata', entity: tv, namespace: CHANNEL, name: 'ChangeChannel', payload: { channel: {} }, calls: [mp('play_media', tv, { media_content_id: '0', media_content_type: 'channel' })] },
  { what: 'ChangeChannel without channel', entity: tv, namespace: CHANNEL, name: 'ChangeChannel', payload: {}, error: 'INVALID_DIRECTIVE' },
  { what: 'SkipChannels 1', entity: tv, namespace: CHANNEL, name: 'SkipChannels', payload: { channelCount: 1 }, calls: [mp('media_next_track', tv)] },
  { what: 'SkipChannels -1', entity: tv, namespace: CHANNEL, name: 'SkipChannels', payload: { channelCount: -1 }, calls: [mp('media_previous_track', tv)] },
  { what: 'SkipChannels 3', entity: tv, namespace: CHANNEL, name: 'SkipChannels', payload: { channelCount: 3 }, calls: [mp('media_next_track', tv), mp('media_next_track', tv), mp('media_next_track', tv)] },
  // Inputs: Alexa's name back to the player's own source string.
  ...([['HDMI 1', 'hdmi'], ['HDMI 2', 'hdmi_2'], ['HDMI 3', 'hdmi-3'], ['HDMI 5', 'hdmi 5'], ['HDMI 6', 'HDMI 6'], ['TV', 'tv'], ['AUX 1', 'aux']] as const).map(
    ([input, source]): DirectiveCase => ({ what: `SelectInput ${input}`, entity: inputs, namespace: INPUT, name: 'SelectInput', payload: { input }, calls: [mp('select_source', inputs, { source })] }),
  ),
  ...([
    ['GAME CONSOLE', ['tv', 'game console', 10000], 'game console'],
    ['SATELLITE TV', ['satellite-tv', 'game console', null], 'satellite-tv'],
    ['SATELLITE TV', ['satellite_tv', 'game console'], 'satellite_tv'],
  ] as const).map(([input, list, source]): DirectiveCase => {
    // SELECT_SOURCE, so the player declares the InputController (HA's test entity omits it; undeclared interfaces are refused).
    const entity = state('media_player.test', 'off', { source: 'unknown', source_list: list, supported_features: MP.SELECT_SOURCE });
    return { what: `SelectInput ${input} from ${JSON.stringify(list)}`, entity, namespace: INPUT, name: 'SelectInput', payload: { input }, calls: [mp('select_source', entity, { source })] };
  }),
  ...([[['tv', 'game console', 10000]], [['tv', 'game console', null]]] as const).map(([list]): DirectiveCase => ({
    what: `SelectInput of an unknown input from ${JSON.stringify(list)}`, entity: state('media_player.test', 'off', { source_list: list, supported_features: MP.SELECT_SOURCE }), namespace: INPUT, name: 'SelectInput', payload: { input: 'BAD DEVICE' }, error: 'INVALID_VALUE',
  })),
  // No sources: no InputController is declared, so the directive is refused as undeclared (HA: INVALID_VALUE).
  { what: 'SelectInput with no sources', entity: state('media_player.test', 'off', { source_list: [], supported_features: MP.SELECT_SOURCE }), namespace: INPUT, name: 'SelectInput', payload: { input: 'BAD DEVICE' }, error: 'INVALID_DIRECTIVE' },
  // Speaker.
  { what: 'SetVolume 50', entity: speaker, namespace: SPEAKER, name: 'SetVolume', payload: { volume: 50 }, calls: [mp('volume_set', speaker, { volume_level: 0.5 })], context: { [`${SPEAKER}.volume`]: 50 } },
  { what: 'SetVolume 0', entity: speaker, namespace: SPEAKER, name: 'SetVolume', payload: { volume: 0 }, calls: [mp('volume_set', speaker, { volume_level: 0 })], context: { [`${SPEAKER}.volume`]: 0 } },
  { what: 'SetVolume 100', entity: speaker, namespace: SPEAKER, name: 'SetVolume', payload: { volume: 100 }, calls: [mp('volume_set', speaker, { volume_level: 1 })], context: { [`${SPEAKER}.volume`]: 100 } },
  ...[-1, -1e308, -0.001, 100.5, 101, 1e308].map((volume): DirectiveCase => ({ what: `SetVolume ${volume}`, entity: speaker, namespace: SPEAKER, name: 'SetVolume', payload: { volume }, error: 'VALUE_OUT_OF_RANGE' })),
  { what: 'SetVolume 33.333', entity: speaker, namespace: SPEAKER, name: 'SetVolume', payload: { volume: 33.333 }, calls: [mp('volume_set', speaker, { volume_level: 0.33 })] },
  { what: 'SetMute true', entity: speaker, namespace: SPEAKER, name: 'SetMute', payload: { mute: true }, calls: [mp('volume_mute', speaker, { is_volume_muted: true })] },
  { what: 'SetMute false', entity: speaker, namespace: SPEAKER, name: 'SetMute', payload: { mute: false }, calls: [mp('volume_mute', speaker, { is_volume_muted: false })] },
  ...([[-5, 0.7], [5, 0.8], [-80, 0], [50, 1]] as const).map(([delta, level]): DirectiveCase => ({
    what: `AdjustVolume ${delta} from 0.75`, entity: speaker, namespace: SPEAKER, name: 'AdjustVolume', payload: { volume: delta }, calls: [mp('volume_set', speaker, { volume_level: level })],
  })),
  { what: 'AdjustVolume without a known volume', entity: state('media_player.quiet', 'off', { supported_features: MP.VOLUME_SET }), namespace: SPEAKER, name: 'AdjustVolume', payload: { volume: 10 }, error: 'INTERNAL_ERROR' },
  // StepSpeaker: one call per step; Alexa's default of 10 steps is one step.
  { what: 'StepSpeaker SetMute', entity: stepSpeaker, namespace: STEP, name: 'SetMute', payload: { mute: true }, calls: [mp('volume_mute', stepSpeaker, { is_volume_muted: true })] },
  { what: 'volumeSteps 1', entity: stepSpeaker, namespace: STEP, name: 'AdjustVolume', payload: { volumeSteps: 1, volumeStepsDefault: false }, calls: [mp('volume_up', stepSpeaker)] },
  { what: 'volumeSteps -1', entity: stepSpeaker, namespace: STEP, name: 'AdjustVolume', payload: { volumeSteps: -1, volumeStepsDefault: false }, calls: [mp('volume_down', stepSpeaker)] },
  { what: 'default 10 steps up', entity: stepSpeaker, namespace: STEP, name: 'AdjustVolume', payload: { volumeSteps: 10, volumeStepsDefault: true }, calls: [mp('volume_up', stepSpeaker)] },
  { what: 'default 10 steps down', entity: stepSpeaker, namespace: STEP, name: 'AdjustVolume', payload: { volumeSteps: -10, volumeStepsDefault: true }, calls: [mp('volume_down', stepSpeaker)] },
  { what: 'volumeSteps -3', entity: stepSpeaker, namespace: STEP, name: 'AdjustVolume', payload: { volumeSteps: -3, volumeStepsDefault: false }, calls: [mp('volume_down', stepSpeaker), mp('volume_down', stepSpeaker), mp('volume_down', stepSpeaker)] },
  // Seek: relative to media_position, within 0..media_duration.
  ...([[30000, 330], [-30000, 270], [-500000, 0], [800000, 600], [1500, 301]] as const).map(([delta, position]): DirectiveCase => ({
    what: `AdjustSeekPosition ${delta} ms`, entity: seeker, namespace: SEEK, name: 'AdjustSeekPosition', payload: { deltaPositionMilliseconds: delta },
    calls: [mp('media_seek', seeker, { seek_position: position })], response: 'Alexa.SeekController.StateReport',
  })),
  {
    what: 'AdjustSeekPosition without media_position', entity: state('media_player.test_seek', 'playing', { supported_features: MP.SEEK }),
    namespace: SEEK, name: 'AdjustSeekPosition', payload: { deltaPositionMilliseconds: 30000 }, error: 'ACTION_NOT_PERMITTED_FOR_CONTENT',
  },
  // Equalizer: sound modes only.
  ...soundModes.slice(0, 5).map((mode): DirectiveCase => ({
    what: `Equalizer SetMode ${mode.toUpperCase()}`, entity: equalizer, namespace: EQ, name: 'SetMode', payload: { mode: mode.toUpperCase() },
    calls: [mp('select_sound_mode', equalizer, { sound_mode: mode })], context: { [`${EQ}.mode`]: mode.toUpperCase() },
  })),
  {
    what: 'Equalizer SetMode of a listed mode Alexa has no name for', entity: state('media_player.test_eq', 'on', { supported_features: MP.SELECT_SOUND_MODE, sound_mode_list: ['music', 'rocknroll'] }),
    namespace: EQ, name: 'SetMode', payload: { mode: 'ROCKNROLL' }, calls: [{ service: 'media_player.select_sound_mode', data: { entity_id: 'media_player.test_eq', sound_mode: 'rocknroll' } }],
  },
  { what: 'Equalizer SetMode not in the list', entity: state('media_player.test_eq', 'on', { supported_features: MP.SELECT_SOUND_MODE, sound_mode_list: ['music', 'movie'] }), namespace: EQ, name: 'SetMode', payload: { mode: 'NIGHT' }, error: 'INVALID_VALUE' },
  { what: 'Equalizer SetBands', entity: equalizer, namespace: EQ, name: 'SetBands', payload: { bands: [{ name: 'BASS', value: -2 }] }, error: 'INVALID_DIRECTIVE' },
  { what: 'Equalizer AdjustBands', entity: equalizer, namespace: EQ, name: 'AdjustBands', payload: { bands: [{ name: 'BASS', levelDelta: 3, levelDirection: 'UP' }] }, error: 'INVALID_DIRECTIVE' },
  { what: 'Equalizer ResetBands', entity: equalizer, namespace: EQ, name: 'ResetBands', payload: { bands: [{ name: 'BASS' }] }, error: 'INVALID_DIRECTIVE' },
];

/**
 * ACTION_NOT_PERMITTED_FOR_CONTENT is an `Alexa.Video` error in Amazon's docs (and HA's), absent from
 * the JSON schema. TODO: drop this wrapper once schema-gaps.ts lists error-type gaps (asked of A1).
 */
function validateWithVideoErrorGap(t: Test, response: unknown, what: string): void {
  const event = eventOf(response);
  if (event.payload.type !== 'ACTION_NOT_PERMITTED_FOR_CONTENT') return assertSmartHomeValid(t, response, what);
  const copy = { event: { ...event, header: { ...event.header, namespace: 'Alexa' }, payload: { ...event.payload, type: 'INVALID_VALUE' } } };
  assertSmartHomeValid(t, copy, `${what} (allowed schema gap: ACTION_NOT_PERMITTED_FOR_CONTENT, documented for Alexa.Video)`);
}

t.test('directives call exactly HA\'s services', async (t) => {
  for (const row of DIRECTIVES) await checkDirective(t, invoke, fake, row, validateWithVideoErrorGap);
});

t.test('SetVolume out of range: VALUE_OUT_OF_RANGE with the valid range 0..100, never a success with an invalid volume', async (t) => {
  for (const volume of [-1, -1e308, 101]) {
    const response = await checkDirective(t, invoke, fake, { what: `SetVolume ${volume}`, entity: speaker, namespace: SPEAKER, name: 'SetVolume', payload: { volume }, error: 'VALUE_OUT_OF_RANGE' }, assertSmartHomeValid);
    t.same(eventOf(response).payload.validRange, { minimumValue: 0, maximumValue: 100 }, `SetVolume ${volume}: validRange`);
  }
});

t.test('PlaybackController.Stop on a cover stops what the cover can stop (HA 2025)', async (t) => {
  const cover = (features: number): HaState => state('cover.blinds', 'opening', { supported_features: features, device_class: 'blind', current_position: 40 });
  const stop = (service: string): { service: string; data: Record<string, unknown> } => ({ service: `cover.${service}`, data: { entity_id: 'cover.blinds' } });
  const rows: [string, number, { service: string; data: Record<string, unknown> }[]][] = [
    ['STOP', 1 | 2 | 8, [stop('stop_cover')]],
    ['STOP_TILT', 16 | 32 | 64, [stop('stop_cover_tilt')]],
    ['STOP and STOP_TILT', 8 | 64, [stop('stop_cover'), stop('stop_cover_tilt')]],
  ];
  for (const [what, features, calls] of rows) {
    await checkDirective(t, invoke, fake, { what: `cover with ${what}`, entity: cover(features), namespace: PLAYBACK, name: 'Stop', instance: 'cover.stop', calls }, assertSmartHomeValid);
  }
  // A cover that can stop nothing declares no PlaybackController: refused as undeclared (HA: an empty Response).
  await checkDirective(t, invoke, fake, { what: 'cover with neither', entity: cover(1 | 2), namespace: PLAYBACK, name: 'Stop', instance: 'cover.stop', error: 'INVALID_DIRECTIVE' }, assertSmartHomeValid);
});

t.test('AdjustSeekPosition answers with the new position in milliseconds', async (t) => {
  const response = await checkDirective(t, invoke, fake, {
    what: 'seek +30 s', entity: seeker, namespace: SEEK, name: 'AdjustSeekPosition', payload: { deltaPositionMilliseconds: 30000 }, calls: [mp('media_seek', seeker, { seek_position: 330 })],
  }, assertSmartHomeValid);
  t.same(eventOf(response).payload, { properties: [{ name: 'positionMilliseconds', value: 330000 }] });
});

t.test('ReportState reads volume, mute, playback state and sound mode', async (t) => {
  const rows: { what: string; entity: HaState; expected: Record<string, unknown> }[] = [
    { what: 'playing, 75 %, muted', entity: state('media_player.test', 'playing', { ...tv.attributes, is_volume_muted: true }), expected: { [`${SPEAKER}.volume`]: 75, [`${SPEAKER}.muted`]: true, [`${REPORTER}.playbackState`]: { state: 'PLAYING' }, [`${POWER}.powerState`]: 'ON' } },
    { what: 'paused', entity: state('media_player.test', 'paused', tv.attributes), expected: { [`${REPORTER}.playbackState`]: { state: 'PAUSED' }, [`${SPEAKER}.muted`]: false } },
    { what: 'idle', entity: state('media_player.test', 'idle', tv.attributes), expected: { [`${REPORTER}.playbackState`]: { state: 'STOPPED' } } },
    { what: 'off', entity: state('media_player.test', 'off', { ...tv.attributes, volume_level: undefined }), expected: { [`${REPORTER}.playbackState`]: { state: 'STOPPED' }, [`${POWER}.powerState`]: 'OFF', [`${SPEAKER}.volume`]: undefined } },
    { what: 'sound mode Alexa knows', entity: equalizer, expected: { [`${EQ}.mode`]: 'TV' } },
    { what: 'half percent volumes round to even, as in HA', entity: state('media_player.test', 'on', { ...tv.attributes, volume_level: 0.125 }), expected: { [`${SPEAKER}.volume`]: 12 } },
    { what: 'half percent volumes round to even (up)', entity: state('media_player.test', 'on', { ...tv.attributes, volume_level: 0.375 }), expected: { [`${SPEAKER}.volume`]: 38 } },
    { what: 'no sound mode', entity: state('media_player.test_eq', 'on', { ...equalizer.attributes, sound_mode: null }), expected: { [`${EQ}.mode`]: undefined } },
    { what: 'sound mode Alexa does not know', entity: state('media_player.test_eq', 'on', { ...equalizer.attributes, sound_mode: 'rocknroll' }), expected: { [`${EQ}.mode`]: undefined } },
  ];
  for (const row of rows) {
    setStates(fake.states, [row.entity]);
    const response = await invoke(directive('Alexa', 'ReportState', { endpointId: row.entity.entity_id.replace('.', '#') }));
    for (const [key, value] of Object.entries(row.expected)) {
      const dot = key.lastIndexOf('.');
      t.same(propertyOf(response, key.slice(0, dot), key.slice(dot + 1)), value, `${row.what}: ${key}`);
    }
    assertSmartHomeValid(t, response, row.what);
  }
});
