/**
 * `npm run smoke -- --config DIR`: the build job's smoke test with the settings the user's config/
 * deploys, run against a small fake bundle (no build needed).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createRecordingIo } from '../../../scripts/shared/io.js';
import { runSmoke, smokeCli } from '../../../scripts/smoke/smoke-checks.js';
import { fixtureText, makeConfigDir } from '../helpers/config-dir.js';
import { fakeBundleZip } from './smoke-fake-bundle.js';

t.setTimeout(120_000);

function goodZip(dir: string): string {
  const path = join(dir, 'good.zip');
  writeFileSync(path, fakeBundleZip('good'));
  return path;
}

t.test("a readable config/ adds three checks under its own heading, all passing", async (t) => {
  const io = createRecordingIo();
  const configDir = makeConfigDir();
  const result = await runSmoke({ zipPath: goodZip(t.testdir({})), io, lugs: ['true'], configDir });
  t.equal(result.failed, 0, io.text());
  const heading = io.lines.indexOf(`# the settings ${configDir}/ deploys`);
  t.ok(heading > 0, 'a heading names the folder');
  const after = io.lines.slice(heading).filter((line) => line.startsWith('ok - '));
  t.equal(after.length, 3, io.text());
  t.match(io.text(), /of the demo home's \d+ entities pass your filter/);
});

t.test('a config/ the deploy would refuse fails the smoke test, naming the file and the key', async (t) => {
  const configDir = makeConfigDir({ 'parameters.yaml': `${fixtureText('parameters.yaml')}\nno_such_setting: 1\n` });
  const dir = t.testdir({});
  const io = createRecordingIo();
  const code = await smokeCli(['--zip', goodZip(dir), '--config', configDir], io);
  t.equal(code, 1);
  t.match(io.text(), new RegExp(`not ok - ${configDir}/ can be read[\\s\\S]*parameters\\.yaml[\\s\\S]*no_such_setting`));
});

t.test('--config needs a folder', async (t) => {
  const io = createRecordingIo();
  t.equal(await smokeCli(['--config'], io), 2);
  t.match(io.text(), /--config needs a value/);
});
