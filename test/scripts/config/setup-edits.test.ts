/**
 * A fork's own config/ with the edits SETUP.md step 5 asks for is accepted by every script that
 * reads it. This test copies the repository's config/ (whatever the fork has made of it) and asserts
 * only what the edits set, never the template's own values.
 */
import t from 'tap';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeAws, useFakeAwsEnv, type FakeAws, useFakeAws } from '../../fixtures/fake-aws.js';
import { applySetupEdits, copyTemplateConfig, EUROPEAN_EDITS } from '../../fixtures/setup-edits.js';
import { createRun } from '../helpers/recorder.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { createMain as createSyncMain } from '../../../scripts/deploy/sync-parameters.js';
import { createMain as createDeployMain } from '../../../scripts/deploy/deploy-lambda.js';
import { main as skillModelMain } from '../../../scripts/skill/skill-model.js';
import { loadFunctionConfig, loadParametersConfig, loadSkillConfig } from '../../../scripts/config/config-files.js';
import { regionMismatch } from '../../../scripts/config/regions.js';

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

t.test('the edited files load, and the region matches the locales', (t) => {
  t.equal(loadParametersConfig(dir).homeassistant.url, EUROPEAN_EDITS.url);
  t.match(loadSkillConfig(dir), { assistantName: EUROPEAN_EDITS.assistantName, invocationName: 'friday', locales: EUROPEAN_EDITS.locales });
  t.equal(loadFunctionConfig(dir).memoryMb, EUROPEAN_EDITS.memoryMb);
  t.equal(regionMismatch(EUROPEAN_EDITS.region, EUROPEAN_EDITS.locales), undefined, "the region serves the locales");
  t.match(readFileSync(join(dir, 'function.yaml'), 'utf8'), /# Memory in MB/, 'the comments are kept, as in a hand edit');
  t.end();
});

/** Runs sync-parameters on the edited config/; returns its exit code and output. */
async function sync() {
  const recorder = createRun({ AWS_REGION: EUROPEAN_EDITS.region, HA_TOKEN: TOKEN });
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
  const recorder = createRun({ AWS_REGION: EUROPEAN_EDITS.region, LAMBDA_FUNCTION_NAME: 'ha-alexa', HA_TOKEN: TOKEN });
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
