import t from 'tap';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_CONFIG, PLACEHOLDER_URL, TEST_URL, type ConfigFile } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';
import { runCli } from '../../../scripts/shared/cli.js';
import { main, TEMPLATE_FILES } from '../../../scripts/ci/template-check.js';

/** The fixture file exactly as committed (what config/ must equal, but for the URL). */
const fixtureText = (file: ConfigFile) => readFileSync(join(FIXTURE_CONFIG, file), 'utf8');

/** A repository root whose config/ is the fixture with the placeholder URL. */
function templateRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'ha-alexa-template-'));
  mkdirSync(join(root, 'config'));
  cpSync(FIXTURE_CONFIG, join(root, 'test', 'fixtures', 'config'), { recursive: true });
  for (const file of TEMPLATE_FILES) {
    writeFileSync(join(root, 'config', file), fixtureText(file).replace(TEST_URL, PLACEHOLDER_URL));
  }
  mkdirSync(join(root, '.github'));
  cpSync(join(FIXTURE_CONFIG, '..', 'template-sync-ignore'), join(root, 'test', 'fixtures', 'template-sync-ignore'));
  cpSync(join(FIXTURE_CONFIG, '..', 'template-sync-ignore'), join(root, '.github', 'template-sync-ignore'));
  mkdirSync(join(root, 'config', 'aws'));
  cpSync(join(FIXTURE_CONFIG, '..', 'bootstrap.yaml'), join(root, 'test', 'fixtures', 'bootstrap.yaml'));
  cpSync(join(FIXTURE_CONFIG, '..', 'bootstrap.yaml'), join(root, 'config', 'aws', 'bootstrap.yaml'));
  return root;
}

const check = (root: string) => {
  const recorder = createRun();
  return { io: recorder.io, code: runCli('check:template', main, ['--root', root], recorder.env, recorder.io) };
};

t.test('the template passes: config/ is the fixture with the placeholder URL', async (t) => {
  const { code, io } = check(templateRoot());
  t.equal(await code, 0, io.text());
  t.match(io.text(), /config\/ is the template's/);
});

t.test('an edited config/ fails, naming the file and how to keep the fixture in step', async (t) => {
  const root = templateRoot();
  writeFileSync(join(root, 'config', 'function.yaml'), fixtureText('function.yaml').replace('memory_mb: 512', 'memory_mb: 256'));
  writeFileSync(join(root, 'config', 'skill.yaml'), fixtureText('skill.yaml').replace('assistant_name: Jarvis', 'assistant_name: Friday'));
  const { code, io } = check(root);
  t.equal(await code, 1);
  t.match(io.text(), /config\/function\.yaml differs from test\/fixtures\/config\/function\.yaml: copy the change into the fixture/);
  t.match(io.text(), /config\/skill\.yaml differs/);
  t.notMatch(io.text(), /parameters\.yaml differs/);
});

t.test('a missing file is named', async (t) => {
  const { code, io } = check(mkdtempSync(join(tmpdir(), 'ha-alexa-empty-')));
  t.equal(await code, 1);
  t.match(io.text(), /config\/parameters\.yaml is missing/);
});

t.test('--help prints the usage', async (t) => {
  const recorder = createRun();
  t.equal(await main(['--help'], recorder.env, recorder.io), 0);
  t.match(recorder.io.text(), /usage: npm run check:template/);
});

t.test('the template-sync ignore list is kept in step with its fixture too', async (t) => {
  const root = templateRoot();
  writeFileSync(join(root, '.github', 'template-sync-ignore'), 'config/\n');
  const { code, io } = check(root);
  t.equal(await code, 1);
  t.match(io.text(), /\.github\/template-sync-ignore differs from test\/fixtures\/template-sync-ignore/);
});

t.test('the bootstrap template is kept in step with the copy the tests read', async (t) => {
  const root = templateRoot();
  writeFileSync(join(root, 'config', 'aws', 'bootstrap.yaml'), `${readFileSync(join(FIXTURE_CONFIG, '..', 'bootstrap.yaml'), 'utf8')}# a change in the template only\n`);
  const { code, io } = check(root);
  t.equal(await code, 1);
  t.match(io.text(), /config\/aws\/bootstrap\.yaml differs from test\/fixtures\/bootstrap\.yaml/);
});

t.test('skill-package/ is kept in step with the copy the tests read', async (t) => {
  const root = templateRoot();
  cpSync(join(FIXTURE_CONFIG, '..', 'skill-package'), join(root, 'test', 'fixtures', 'skill-package'), { recursive: true });
  cpSync(join(FIXTURE_CONFIG, '..', 'skill-package'), join(root, 'skill-package'), { recursive: true });
  t.equal(await check(root).code, 0, 'equal copies pass');
  writeFileSync(join(root, 'skill-package', 'account-linking.json'), '{}\n');
  const { code, io } = check(root);
  t.equal(await code, 1);
  t.match(io.text(), /skill-package\/account-linking\.json differs from test\/fixtures\/skill-package\/account-linking\.json/);
});
