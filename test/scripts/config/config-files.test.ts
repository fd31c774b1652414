import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../scripts/shared/errors.js';
import { loadAll, loadFunctionConfig, loadParametersConfig, loadSkillConfig } from '../../../scripts/config/config-files.js';
import { buildDesiredParameters } from '../../../scripts/deploy/desired-parameters.js';
import { FIXTURE_CONFIG, fixtureText, makeConfigDir, PLACEHOLDER_URL, TEST_URL } from '../helpers/config-dir.js';
import { joinKeyPath, splitYupPath } from '../../../scripts/config/yaml-file.js';

/** A directory holding one file with this content. */
function dirWith(file: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-cfg-'));
  writeFileSync(join(dir, file), content);
  return dir;
}

/** The problems a loader reports, or [] when it succeeds. */
function problems(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
}

t.test('the template\'s config/ files (the base fixture) are valid', (t) => {
  t.match(loadParametersConfig(FIXTURE_CONFIG), { homeassistant: { url: TEST_URL, verifySsl: true, timeout: 6 } });
  t.same(loadSkillConfig(FIXTURE_CONFIG), { assistantName: 'Jarvis', invocationName: 'jarvis', locales: ['en-US'], file: 'test/fixtures/config/skill.yaml' });
  t.match(loadFunctionConfig(FIXTURE_CONFIG), { memoryMb: 512, timeoutSeconds: 10, architecture: 'arm64', environment: { HA_ALEXA_MODE: 'native', DEBUG_MODE: 'false' } });
  t.end();
});

t.test('parameters.yaml errors name the file, line, key and what is allowed', (t) => {
  const dir = dirWith(
    'parameters.yaml',
    [
      'homeassistant:',
      '  url: ftp://ha.test',
      '  verify_ssl: False2',
      '  timeout: 30',
      '  token: abc',
      '  ca_bundle: not a certificate',
      'alexa:',
      '  filter:',
      '    include_domains: [Light]',
      '    exclude_entities: notalist',
      '    entity_config:',
      '      light.kitchen: {name: K, display_categories: LAMP, color: red}',
      '      kitchen: {}',
      '      light.hall: 3',
      'skill: {}',
    ].join('\n'),
  );
  const found = problems(() => loadParametersConfig(dir));
  const expected = [
    /parameters\.yaml:2 homeassistant\.url: must be the https:\/\//,
    /parameters\.yaml:3 homeassistant\.verify_ssl: must be true or false \(also accepted: yes\/no, 1\/0\)/,
    /parameters\.yaml:4 homeassistant\.timeout: must be at most 7\.5 seconds: Alexa gives up after 8 s/,
    /parameters\.yaml:5 homeassistant\.token: the token never lives in config\/: set the HA_TOKEN secret/,
    /parameters\.yaml:6 homeassistant\.ca_bundle: must contain at least one -----BEGIN CERTIFICATE----- block/,
    /parameters\.yaml:9 alexa\.filter\.include_domains\[0\]: must be a domain such as light or switch/,
    /parameters\.yaml:10 alexa\.filter\.exclude_entities: must be a list/,
    /parameters\.yaml:12 alexa\.filter\.entity_config\["light\.kitchen"\]\.display_categories: must be an Alexa display category/,
    /parameters\.yaml:12 alexa\.filter\.entity_config\["light\.kitchen"\]\.color: unknown key; allowed here: name, description, display_categories/,
    /parameters\.yaml:13 alexa\.filter\.entity_config\.kitchen: must be an entity ID such as light\.kitchen/,
    /parameters\.yaml:14 alexa\.filter\.entity_config\["light\.hall"\]: must be a mapping/,
    /parameters\.yaml:15 skill: skill settings live in config\/skill\.yaml/,
  ];
  for (const pattern of expected) t.ok(found.some((problem) => pattern.test(problem)), String(pattern));
  t.equal(found.length, expected.length, found.join('\n'));
  t.end();
});

t.test('parameters.yaml: more rules', (t) => {
  const cases: [string, RegExp | undefined][] = [
    ['homeassistant: {url: "https://ha.test/api"}', /give the base address without \/api/],
    ['homeassistant: {url: 12}', /must be a URL such as/],
    ['homeassistant: {timeout: 0}', /must be more than 0 seconds/],
    ['homeassistant: {timeout: soon}', /must be a number of seconds/],
    [`homeassistant: {ca_bundle: "-----BEGIN CERTIFICATE-----${'x'.repeat(5000)}"}`, /must be at most 4096 bytes/],
    ['homeassistant: []', /must be a mapping/],
    ['alexa: {filter: {entity_config: [1]}}', /must be a mapping of entity IDs/],
    ['alexa: {filter: {entity_config: {light.x: {name: ""}}}}', /must be text of 1 to 128 characters/],
    ['alexa: {filter: {include_entity_globs: ["sensor.*_temp"]}}', undefined],
    ['homeassistant: {verify_ssl: "NO", url: "https://ha.test/"}', undefined],
    ['bad: [yaml', /parameters\.yaml:1:\d+: /],
  ];
  for (const [content, expected] of cases) {
    const found = problems(() => loadParametersConfig(dirWith('parameters.yaml', content)));
    if (expected) t.match(found.join('\n'), expected, content);
    else t.same(found, [], content);
  }
  const config = loadParametersConfig(dirWith('parameters.yaml', 'homeassistant: {verify_ssl: "NO", url: "https://ha.test/"}'));
  t.same(config.homeassistant, { url: 'https://ha.test', urlSource: `${config.file} homeassistant.url`, verifySsl: false }, 'strict words, trailing slash removed');
  t.same(config.alexa, {}, 'no filter: no parameter');
  t.match(problems(() => loadParametersConfig(dirWith('other.yaml', ''))).join(), /parameters\.yaml: file not found/);
  t.same(loadParametersConfig(dirWith('parameters.yaml', '')).homeassistant, {}, 'an empty file is an empty config');
  t.end();
});

t.test('skill.yaml: names Alexa accepts, supported locales', (t) => {
  const cases: [string, RegExp | undefined][] = [
    ['assistant_name: Computer', /must not be a wake word \(Alexa, Amazon, Echo, Computer, Ziggy\)/],
    ['assistant_name: Hey Alexa', /must not be a wake word/],
    ['locales: [en-US]', /assistant_name: is required/],
    ['assistant_name: J', /must be 2 to 50 characters/],
    ['assistant_name: Jarvis\ninvocation_name: Jarvis 2', /invocation_name: invocation name "Jarvis 2" contains digits: spell numbers out/],
    ['assistant_name: Jarvis\ninvocation_name: ask jarvis', /"ask" is a launch phrase/],
    ['assistant_name: Jarvis\ninvocation_name: echo house', /"echo" is a wake word/],
    ['assistant_name: R2D2', /assistant_name: invocation name "r2d2" contains digits: spell numbers out, e\.g\. "r two d two" \(or set invocation_name/],
    ['assistant_name: Jarvis & Co', /assistant_name: invocation name "jarvis & co" contains "&"/],
    ['assistant_name: Jarvis\nlocales: [en-US, xx-YY, en-US]', /locales\[1\]: must be one of en-US/],
    ['assistant_name: Jarvis\nlocales: [en-US, en-US]', /must not repeat a locale/],
    ['assistant_name: Jarvis\nlocales: []', /at least one locale/],
    ['assistant_name: Jarvis\ntimeout: 3', /timeouts live in config\/parameters\.yaml/],
    ['assistant_name: Jarvis\ninvocation_name: "maison d\'ève"\nlocales: [fr-FR]', undefined],
  ];
  for (const [content, expected] of cases) {
    const found = problems(() => loadSkillConfig(dirWith('skill.yaml', content)));
    if (expected) t.match(found.join('\n'), expected, content);
    else t.same(found, [], content);
  }
  t.same(loadSkillConfig(dirWith('skill.yaml', 'assistant_name: "  Friday "')).invocationName, 'friday', 'default invocation name');
  t.end();
});

t.test('skill.yaml: the skill IDs skill:deploy proposes are checked and read', (t) => {
  const id = 'amzn1.ask.skill.0a1b2c3d-0000-4000-8000-00000000abcd';
  const config = loadSkillConfig(dirWith('skill.yaml', `assistant_name: Jarvis\nsmart_home_skill_id: ${id}\ncustom_skill_id: ${id.replace('abcd', 'abce')}`));
  t.equal(config.smartHomeSkillId, id);
  t.equal(config.customSkillId, id.replace('abcd', 'abce'));
  t.notOk('smartHomeSkillId' in loadSkillConfig(FIXTURE_CONFIG), 'absent until known');
  t.match(
    problems(() => loadSkillConfig(dirWith('skill.yaml', 'assistant_name: Jarvis\nsmart_home_skill_id: amzn1.ask.skill.123\ncustom_skill_id: 7'))).join('\n'),
    /skill\.yaml:2 smart_home_skill_id: must be the Smart Home skill's ID as the Alexa developer console shows it: amzn1\.ask\.skill\.<uuid>[\s\S]*skill\.yaml:3 custom_skill_id: must be the Custom skill's ID/,
  );
  t.end();
});

t.test('function.yaml: Lambda limits, Alexa\'s 8 s, and only known environment variables', (t) => {
  const found = problems(() =>
    loadFunctionConfig(
      dirWith(
        'function.yaml',
        [
          'memory_mb: 100',
          'timeout_seconds: 3',
          'architecture: arm',
          'runtime: python3.12',
          'environment:',
          '  HA_TIMEOUT: 30',
          '  DEBUG_MODE: maybe',
          '  FOO: bar',
          '  ALEXA_SKILL_ID: amzn1.ask.skill.x',
          '  HOME_ASSISTANT_TOKEN: x',
          '  HA_ASSISTANT_NAME: x',
          '  PARAMETER_PREFIX: /x',
          '  HA_FEATURE_PRESET: huge',
          '  HA_CONVERSATION_AGENT: [a]',
          '  ALEXA_LOCALE: english',
          '  HA_CACHE_TTL: -1',
        ].join('\n'),
      ),
    ),
  ).join('\n');
  for (const pattern of [
    /function\.yaml:1 memory_mb: must be at least 128/,
    /function\.yaml:2 timeout_seconds: must be at least 8: Alexa waits 8 s/,
    /function\.yaml:3 architecture: must be arm64 or x86_64/,
    /function\.yaml:4 runtime: the runtime is always nodejs24\.x/,
    /function\.yaml:6 environment\.HA_TIMEOUT: set this in config\/parameters\.yaml \(homeassistant\.timeout\)/,
    /function\.yaml:7 environment\.DEBUG_MODE: must be true or false/,
    /function\.yaml:8 environment\.FOO: not a setting of this Lambda; allowed: HOME_ASSISTANT_ENABLED/,
    /environment\.ALEXA_SKILL_ID: derived from custom_skill_id in config\/skill\.yaml/,
    /environment\.HOME_ASSISTANT_TOKEN: the token never lives in config\//,
    /environment\.HA_ASSISTANT_NAME: set assistant_name in config\/skill\.yaml/,
    /environment\.PARAMETER_PREFIX: deploy-lambda sets this itself/,
    /environment\.HA_FEATURE_PRESET: must be one of minimal, standard, full/,
    /environment\.HA_CONVERSATION_AGENT: must be a single value/,
    /environment\.ALEXA_LOCALE: derived from language in config\/deploy\.yaml \(or the first entry of locales in config\/skill\.yaml\)/,
    /environment\.HA_CACHE_TTL: must be a whole number of seconds/,
  ]) {
    t.match(found, pattern);
  }
  t.match(problems(() => loadFunctionConfig(dirWith('function.yaml', 'environment: [A]'))).join(), /environment: must be a mapping of NAME: value/);
  t.match(problems(() => loadFunctionConfig(dirWith('function.yaml', 'memory_mb: 512.5\ntimeout_seconds: 8.5'))).join('\n'), /whole number of megabytes[\s\S]*whole number of seconds/);
  const defaults = loadFunctionConfig(dirWith('function.yaml', 'environment:\n  HA_CIRCUIT_COOLDOWN: 2.5\n  LUGS_ENABLED: yes'));
  t.same(defaults, { file: defaults.file, memoryMb: 512, timeoutSeconds: 10, architecture: 'arm64', environment: { HA_CIRCUIT_COOLDOWN: '2.5', LUGS_ENABLED: 'yes' } });
  t.end();
});

t.test('loadAll reports the problems of every file at once', (t) => {
  const dir = makeConfigDir({ 'function.yaml': 'timeout_seconds: 1', 'skill.yaml': 'assistant_name: Echo' });
  const found = problems(() => loadAll([() => loadFunctionConfig(dir), () => loadSkillConfig(dir), () => loadParametersConfig(dir)] as const));
  t.equal(found.length, 2);
  t.throws(() => loadAll([() => { throw new Error('not a config problem'); }]), { message: 'not a config problem' });
  t.end();
});

t.test('the desired parameters: names, types, sources, and the URL rules', (t) => {
  const dir = makeConfigDir();
  const input = { prefix: '/p', parameters: loadParametersConfig(dir), skill: loadSkillConfig(dir) };
  const desired = buildDesiredParameters({ ...input, env: { HA_TOKEN: ' tok ' } });
  t.same(
    desired.map((parameter) => [parameter.name, parameter.type, parameter.secret]),
    [
      ['/p/homeassistant/url', 'String', false],
      ['/p/homeassistant/token', 'SecureString', true],
      ['/p/homeassistant/assistant_name', 'String', false],
      ['/p/homeassistant/verify_ssl', 'String', false],
      ['/p/homeassistant/timeout', 'String', false],
      ['/p/alexa/filter', 'String', false],
    ],
  );
  t.equal(desired[0]?.value, TEST_URL);
  t.equal(desired[1]?.value, 'tok', 'the token is trimmed');
  const withCa = buildDesiredParameters({
    ...input,
    parameters: { ...input.parameters, homeassistant: { ...input.parameters.homeassistant, caBundle: '-----BEGIN CERTIFICATE-----' } },
    env: {},
  });
  t.ok(withCa.some((parameter) => parameter.name === '/p/homeassistant/ca_bundle'));
  t.throws(() => buildDesiredParameters({ ...input, parameters: { ...input.parameters, homeassistant: {} }, env: {} }), { message: /config\/deploy\.yaml home_assistant_url: is required: your Home Assistant address \(or homeassistant\.url in .*parameters\.yaml, or the HA_URL secret\)/ });
  const placeholder = makeConfigDir({ 'parameters.yaml': fixtureText('parameters.yaml').replace(TEST_URL, PLACEHOLDER_URL) });
  t.throws(() => buildDesiredParameters({ ...input, parameters: loadParametersConfig(placeholder), env: {} }), { message: /still the template's placeholder/ });
  const huge = { ...input.parameters, alexa: { filter: { ...input.parameters.alexa.filter!, include_entities: Array.from({ length: 400 }, (_, i) => `light.l${i}`) } } };
  t.throws(() => buildDesiredParameters({ ...input, parameters: huge, env: {} }), { message: /alexa\.filter: is \d+ bytes as JSON, more than Parameter Store's 4096/ });
  t.end();
});

t.test('yup paths map back to YAML keys', (t) => {
  t.same(splitYupPath('alexa.filter.entity_config["light.kitchen"].name'), ['alexa', 'filter', 'entity_config', 'light.kitchen', 'name']);
  t.same(splitYupPath('locales[2]'), ['locales', 2]);
  t.equal(joinKeyPath(['a', 'b', 0, 'light.x']), 'a.b[0]["light.x"]');
  t.equal(joinKeyPath([]), '');
  t.end();
});

t.test('parameters.yaml: a URL with user:password@ is refused before a deploy, and the password is not shown', (t) => {
  const message = problems(() => loadParametersConfig(dirWith('parameters.yaml', 'homeassistant:\n  url: https://me:hunter2secret@ha.my-house.net\n'))).join('\n');
  t.match(message, /parameters\.yaml:2 homeassistant\.url: must not contain a user name or password/);
  t.notMatch(message, /hunter2secret/);
  t.end();
});
