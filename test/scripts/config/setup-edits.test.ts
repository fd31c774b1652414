/**
 * A fork's config/ with the edits SETUP.md step 6 asks for (one file, config/deploy.yaml) is
 * accepted by every script that reads it, and the other files still work as overrides. This test
 * copies the template's config/ (test/fixtures/config/, never the fork's own config/) and asserts
 * only what the edits set.
 */
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeAws, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { applySetupEdits, copyTemplateConfig, EUROPEAN_EDITS, EUROPEAN_REGION } from '../../fixtures/setup-edits.js';
import { createRun } from '../helpers/recorder.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createMain as createSyncMain } from '../../../scripts/deploy/sync-parameters.js';
import { createMain as createDeployMain } from '../../../scripts/deploy/deploy-lambda.js';
import { main as skillModelMain } from '../../../scripts/skill/skill-model.js';
import { loadFunctionConfig, loadParametersConfig, loadSkillConfig } from '../../../scripts/config/config-files.js';
import { loadDeployConfig } from '../../../scripts/config/deploy-config.js';
import { ConfigError } from '../../../scripts/shared/errors.js';

useFakeAwsEnv();
const FAST = { retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 }, waiter: { minDelay: 0.01, maxDelay: 0.02, maxWaitTime: 2 }, tickMs: 5 };
const PREFIX = '/lambda-execution-engine';
const TOKEN = 'setup-edits-long-lived-token-0123456789';

let aws: FakeAws = createFakeAws();
useFakeAws(t, (fresh) => {
  aws = fresh;
});

const dir = copyTemplateConfig();
applySetupEdits(dir, EUROPEAN_EDITS);

t.test('the essentials in config/deploy.yaml reach every file\'s reader: URL, language, and the region derived from it', (t) => {
  t.equal(loadParametersConfig(dir).homeassistant.url, EUROPEAN_EDITS.url);
  t.equal(loadParametersConfig(dir).homeassistant.urlSource, `${loadDeployConfig(dir).file} home_assistant_url`, 'the sync plan names where the address came from');
  t.match(loadSkillConfig(dir), { assistantName: EUROPEAN_EDITS.assistantName, invocationName: 'friday', locales: [EUROPEAN_EDITS.language] });
  t.match(loadDeployConfig(dir), { language: EUROPEAN_EDITS.language, region: EUROPEAN_REGION });
  t.equal(loadFunctionConfig(dir).memoryMb, EUROPEAN_EDITS.memoryMb);
  t.match(readFileSync(join(dir, 'deploy.yaml'), 'utf8'), /# The language you speak to Alexa/, 'the comments are kept, as in a hand edit');
  t.end();
});

/** The problems a loader reports, one string. */
function problems(load: () => unknown): string {
  try {
    load();
    return '';
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
}

t.test('the other files still override for advanced users, and a disagreement names both files and values', (t) => {
  const several = copyTemplateConfig();
  applySetupEdits(several, { ...EUROPEAN_EDITS, locales: ['en-GB', 'de-DE'], parametersUrl: `${EUROPEAN_EDITS.url}/` });
  t.same(loadSkillConfig(several).locales, ['en-GB', 'de-DE'], 'locales in config/skill.yaml, starting with the language');
  t.equal(loadParametersConfig(several).homeassistant.url, EUROPEAN_EDITS.url, 'the same address in both files (a trailing / is the same)');
  t.match(loadParametersConfig(several).homeassistant.urlSource, /parameters\.yaml homeassistant\.url$/);

  const clash = copyTemplateConfig();
  applySetupEdits(clash, { ...EUROPEAN_EDITS, locales: ['de-DE', 'en-GB'], parametersUrl: 'https://other-home.my-house.net' });
  t.match(problems(() => loadSkillConfig(clash)), /skill\.yaml:\d+ locales: \[de-DE, en-GB\], but .*deploy\.yaml:\d+ language says en-GB: the first locale is the language/);
  t.match(problems(() => loadParametersConfig(clash)), /parameters\.yaml:\d+ homeassistant\.url: https:\/\/other-home\.my-house\.net, but .*deploy\.yaml:\d+ home_assistant_url says https:\/\/homeassistant\.my-house\.net: keep the address in one place/);

  const wrongRegion = copyTemplateConfig();
  applySetupEdits(wrongRegion, { language: 'de-DE', region: 'us-east-1' });
  t.match(problems(() => loadDeployConfig(wrongRegion)), /deploy\.yaml:\d+ region: us-east-1 cannot serve .*deploy\.yaml:\d+ language de-DE: Alexa calls a Lambda in eu-west-1 \(Europe and India\) for de-DE\. Delete region/);
  applySetupEdits(wrongRegion, { region: 'eu-west-1' });
  t.equal(loadDeployConfig(wrongRegion).region, 'eu-west-1', 'an explicit region that serves the language is kept');
  t.end();
});

t.test('lwa_client_id is the public Login with Amazon client ID, nothing else', (t) => {
  const lwa = copyTemplateConfig();
  const clientId = `amzn1.application-oa2-client.${'0123456789abcdef'.repeat(2)}`;
  applySetupEdits(lwa, { lwaClientId: clientId });
  t.equal(loadDeployConfig(lwa).lwaClientId, clientId);
  applySetupEdits(lwa, { lwaClientId: 'amzn1.oa2-cs.v1.not-the-id' });
  const found = problems(() => loadDeployConfig(lwa));
  t.match(found, /deploy\.yaml:\d+ lwa_client_id: must be the Client ID of your Login with Amazon security profile/);
  t.notMatch(found, /not-the-id/, 'the refused value (perhaps the secret, pasted in the wrong place) is not repeated');
  t.end();
});

/** Runs sync-parameters on the edited config/; returns its exit code and output. */
async function sync() {
  const recorder = createRun({ HA_TOKEN: TOKEN });
  const code = await runCli('sync-parameters', createSyncMain({ retry: FAST.retry }), ['--config-dir', dir], recorder.env, recorder.io);
  return { code, text: recorder.io.text() };
}

/** The one settings set in the store: `<prefix>/settings/<id>`. */
function settingsSet(): string {
  const sets = new Set([...aws.ssm.store.keys()].map((name) => /^(.*\/settings\/[0-9a-f]{16})\//.exec(name)?.[1]).filter(Boolean));
  return [...sets].join(', ');
}

t.test('sync-parameters writes the new URL and assistant name', async (t) => {
  const { code, text } = await sync();
  t.equal(code, 0, text);
  const set = settingsSet();
  t.match(set, new RegExp(`^${PREFIX}/settings/[0-9a-f]{16}$`));
  t.equal(aws.ssm.store.get(`${set}/homeassistant/url`)?.Value, EUROPEAN_EDITS.url);
  t.equal(aws.ssm.store.get(`${set}/homeassistant/assistant_name`)?.Value, EUROPEAN_EDITS.assistantName);
  t.notMatch(text, /warning/);
});

t.test('deploy-lambda applies 256 MB', async (t) => {
  const synced = await sync();
  t.equal(synced.code, 0, synced.text);
  const zip = join(mkdtempSync(join(tmpdir(), 'ha-alexa-zip-')), 'lambda.zip');
  writeFileSync(zip, 'zip-edited');
  const recorder = createRun({ LAMBDA_FUNCTION_NAME: 'ha-alexa', HA_TOKEN: TOKEN });
  const code = await runCli('deploy-lambda', createDeployMain(FAST), ['--zip', zip, '--config-dir', dir], recorder.env, recorder.io);
  t.equal(code, 0, recorder.io.text());
  t.equal(aws.lambda.state.config.MemorySize, EUROPEAN_EDITS.memoryMb);
  t.notMatch(recorder.io.text(), /warning/);
});

t.test('skill:model writes the en-GB model for the new name', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'skill-package-'));
  const recorder = createRun();
  const code = await runCli('skill:model', skillModelMain, ['--config-dir', dir, '--out', out], recorder.env, recorder.io);
  t.equal(code, 0, recorder.io.text());
  const model = JSON.parse(readFileSync(join(out, 'interactionModels', 'custom', 'en-GB.json'), 'utf8')) as { interactionModel: { languageModel: { invocationName: string } } };
  t.equal(model.interactionModel.languageModel.invocationName, 'friday');
});
