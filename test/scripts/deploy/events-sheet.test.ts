/**
 * The Home Assistant side of Alexa events in the Deploy summary (scripts/deploy/events-sheet.ts) and
 * the blueprint it links to (home-assistant/blueprints/automation/alexa_bridge/report.yaml): the
 * rest_command with the Function URL of `live`, the secrets.yaml line, the import link, and the stack
 * update when the URL is missing. The pasted YAML must be what Home Assistant reads.
 */
import t from 'tap';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parse, type ScalarTag } from 'yaml';
import { createFakeAws, useFakeAws, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { FIXTURE_CONFIG, REPO_ROOT } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';
import { BLUEPRINT_PATH, createMain, HA_SECRET_KEY, INGEST_PATH, URL_PLACEHOLDER } from '../../../scripts/deploy/events-sheet.js';
import { alexaEventsWanted } from '../../../scripts/deploy/bootstrap-script.js';
import { runCli } from '../../../scripts/shared/cli.js';

useFakeAwsEnv();
const URL = 'https://abcdefghijklmnopqrstuvwxyz012345.lambda-url.eu-west-1.on.aws/';
const GITHUB = { GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'owner/my-ha-alexa', GITHUB_REPOSITORY_OWNER_ID: '1234567', GITHUB_REPOSITORY_ID: '987654321' };
const main = createMain({ retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

/** deploy-eu's config/ (function ha-alexa in eu-west-1), with ALEXA_EVENTS set as given. */
function configDir(events: 'on' | 'off' | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'ha-alexa-events-sheet-'));
  cpSync(join(FIXTURE_CONFIG, 'deploy-eu'), dir, { recursive: true });
  const functionYaml = readFileSync(join(dir, 'function.yaml'), 'utf8');
  writeFileSync(join(dir, 'function.yaml'), events ? `${functionYaml.trimEnd()}\n  ALEXA_EVENTS: "${events}"\n` : functionYaml);
  return dir;
}

const sheet = (events: 'on' | 'off' | undefined, env: NodeJS.ProcessEnv) => {
  const recorder = createRun(env);
  const argv = ['--config-dir', configDir(events), '--template', join(REPO_ROOT, 'test', 'fixtures', 'bootstrap.yaml')];
  return { ...recorder, code: runCli('events-sheet', main, argv, recorder.env, recorder.io) };
};

/** The bash script inside the summary's bootstrap command (`echo '<base64 gzip>' | base64 -d | gunzip > …`). */
const unpackedScript = (markdown: string): string => gunzipSync(Buffer.from(/echo '([A-Za-z0-9+/=]+)' \| base64 -d/.exec(markdown)?.[1] ?? '', 'base64')).toString('utf8');

/** Home Assistant's `!secret` tag, kept as a marker so the test sees which key it names. */
const secretTag: ScalarTag = { tag: '!secret', resolve: (value: string) => `<secret ${value}>` };
const yamlBlock = (markdown: string, index: number): unknown => {
  const block = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)][index]?.[1] ?? '';
  return parse(block, { customTags: [secretTag] });
};
const blueprint = parse(readFileSync(join(REPO_ROOT, BLUEPRINT_PATH), 'utf8')) as {
  blueprint: Record<string, unknown>;
  triggers: Record<string, unknown>[];
  conditions: { value_template: string }[];
  actions: { action: string; continue_on_error: boolean; data: Record<string, string> }[];
  mode: string;
};

t.test('with ALEXA_EVENTS off (or unset) it says so, writes nothing and calls no AWS API', async (t) => {
  for (const events of ['off', undefined] as const) {
    const { code, io, summary } = sheet(events, { ...GITHUB, REPOSITORY_PRIVATE: 'true' });
    t.equal(await code, 0, io.text());
    t.match(io.text(), /Alexa events are off \(ALEXA_EVENTS in .*function\.yaml\)/);
    t.equal(summary(), '');
  }
  t.same(aws.lambda.calls, []);
});

t.test('a private repository gets the rest_command with the URL of live, the secrets line and how to copy the blueprint', async (t) => {
  // Prepare
  aws.lambda.state.functionUrls.set('live', URL);
  // Act
  const { code, io, summary } = sheet('on', { ...GITHUB, REPOSITORY_PRIVATE: 'true' });
  // Assess
  t.equal(await code, 0, io.text());
  t.match(aws.lambda.calls, [{ op: 'GetFunctionUrlConfig', input: { Qualifier: 'live' } }]);
  const text = summary();
  const rest = yamlBlock(text, 0) as { rest_command: { alexa_bridge: Record<string, unknown> } };
  const command = rest.rest_command.alexa_bridge;
  t.same({ ...command, payload: undefined }, {
    url: `${URL.replace(/\/$/, '')}${INGEST_PATH}`,
    method: 'POST',
    headers: { Authorization: `<secret ${HA_SECRET_KEY}>` },
    content_type: 'application/json',
    payload: undefined,
    timeout: 10,
  });
  t.same(yamlBlock(text, 1), { [HA_SECRET_KEY]: 'Bearer <the value of your HA_EVENTS_SECRET secret>' }, 'the secrets.yaml line, without the secret');
  // The payload's variables are exactly what the blueprint's action passes.
  const variables = [...String(command.payload).matchAll(/'\w+': ([a-z_]+)/g)].map((match) => match[1]).sort();
  t.same(variables, Object.keys(blueprint.actions[0]?.data ?? {}).sort());
  t.match(String(command.payload), /^\{\{ \{'v': 1, .*\} \| tojson \}\}$/);
  t.match(text, new RegExp(`Copy \`${BLUEPRINT_PATH.replaceAll('/', '\\/')}\``), 'a private repository cannot be imported from');
  t.match(text, /Restart Home Assistant/);
  t.equal(io.text().includes(URL.replace(/\/$/, '')), true, 'the private log has the URL too');
});

t.test('a public repository gets the import link and no Function URL in the log or summary', async (t) => {
  aws.lambda.state.functionUrls.set('live', URL);
  const { code, io, summary } = sheet('on', { ...GITHUB, REPOSITORY_PRIVATE: 'false' });
  t.equal(await code, 0, io.text());
  const text = summary();
  t.notOk(text.includes('abcdefghijklmnopqrstuvwxyz012345') || io.text().includes('abcdefghijklmnopqrstuvwxyz012345'), 'the URL id is left out');
  t.match(text, `${URL_PLACEHOLDER.replace(/\/$/, '')}${INGEST_PATH}`);
  const source = `https://github.com/owner/my-ha-alexa/blob/main/${BLUEPRINT_PATH}`;
  t.match(text, `(https://my.home-assistant.io/redirect/blueprint_import/?blueprint_url=${encodeURIComponent(source)})`);
});

t.test('without a URL (or the right to read it) it prints the stack update with AlexaEvents=on', async (t) => {
  // No URL on live: ResourceNotFoundException
  const missing = sheet('on', { ...GITHUB, REPOSITORY_PRIVATE: 'true' });
  t.equal(await missing.code, 0, missing.io.text());
  t.match(missing.summary(), /the `live` alias has no Function URL/);
  t.match(missing.summary(), /\[AWS CloudShell\]\(https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudshell/);
  t.match(unpackedScript(missing.summary()), /--parameter-overrides GitHubOwner=owner .*FunctionName=ha-alexa .*AlexaEvents=on CreateOidcProvider=/);
  // A deploy role from a stack made without AlexaEvents: AccessDeniedException
  aws.lambda.state.functionUrls.set('live', URL);
  aws.lambda.state.identities.set(process.env.AWS_ACCESS_KEY_ID ?? '', { arn: 'arn:aws:sts::111122223333:assumed-role/ha-alexa-github-deploy/d', allow: [] });
  const denied = sheet('on', { ...GITHUB, REPOSITORY_PRIVATE: 'true' });
  t.equal(await denied.code, 0, denied.io.text());
  t.match(denied.summary(), /the deploy role may not read the Function URL \(the stack was created without AlexaEvents=on\)/);
  t.notMatch(denied.summary(), /rest_command/);
});

t.test('the blueprint is an automation blueprint Home Assistant accepts, with the three triggers and no inputs', (t) => {
  // https://www.home-assistant.io/docs/blueprint/schema/
  t.match(blueprint.blueprint, { name: String, domain: 'automation', homeassistant: { min_version: '2024.10.0' } });
  t.notOk('input' in blueprint.blueprint, 'nothing to fill in');
  t.same(blueprint.triggers.map((trigger) => [trigger.trigger, trigger.id]), [['event', 'state'], ['event', 'registry'], ['homeassistant', 'start']]);
  t.match(blueprint.conditions[0]?.value_template, /state_attr\('sensor\.alexa_bridge_reported', 'entity_ids'\)/, 'only entities the Lambda reports are poked for');
  t.match(blueprint.actions, [{ action: 'rest_command.alexa_bridge', continue_on_error: true }]);
  t.equal(blueprint.mode, 'parallel');
  t.end();
});

t.test('the bootstrap command asks for AlexaEvents=on exactly while config/function.yaml has ALEXA_EVENTS: on', (t) => {
  t.equal(alexaEventsWanted(configDir('on')), true);
  t.equal(alexaEventsWanted(configDir('off')), false);
  t.equal(alexaEventsWanted(configDir(undefined)), false);
  t.equal(alexaEventsWanted(join(tmpdir(), 'no-such-config-dir')), false, 'no function.yaml: no');
  t.end();
});
