/**
 * Tests for scripts/skill/skill-model.ts, scripts/config/invocation-name.ts and scripts/skill/interaction-model.ts:
 * the invocation name is checked against Amazon's rules with one clear line per problem, the model
 * has carrier phrases around the SearchQuery slot, and the generated models follow config/skill.yaml.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { runCli } from '../../../scripts/shared/cli.js';
import { buildInteractionModel, CARRIER_PHRASES, samplesFor } from '../../../scripts/skill/interaction-model.js';
import { checkInvocationName } from '../../../scripts/config/invocation-name.js';
import { formatModelSummary, main, modelFileText } from '../../../scripts/skill/skill-model.js';
import { makeConfigDir } from '../helpers/config-dir.js';
import { createRun } from '../helpers/recorder.js';
import { createRecordingIo } from '../../../scripts/shared/io.js';

function skillYaml(lines: string): string {
  return `${lines}\n`;
}

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  // By hand unless a test says CI: the suite itself may run with CI=true.
  const recorder = createRun({ CI: '', ...env });
  return { ...recorder, code: runCli('skill:model', main, argv, recorder.env, recorder.io) };
}

t.test('invocation names: one clear message per broken rule', (t) => {
  const cases: { name: string; errors: RegExp[]; warnings?: RegExp[] }[] = [
    { name: 'house jarvis', errors: [] },
    { name: "mr. smith's helper", errors: [] },
    { name: 'jarvis', errors: [], warnings: [/"jarvis" is one word: fine for your own skill, but Amazon wants two or more words .* \(e\.g\. "house jarvis"\)/] },
    { name: 'computer', errors: [/"computer" is a wake word, so saying it wakes an Echo instead of reaching your skill.*Pick another name, e\.g\. "jarvis", "friday"/], warnings: [/one word/] },
    { name: 'hey alexa', errors: [/"alexa" is a wake word/] },
    { name: 'my echo bot', errors: [/"echo" is a wake word/] },
    { name: 'r2d2', errors: [/contains digits: spell numbers out, e\.g\. "r two d two"/], warnings: [/one word/] },
    { name: 'House Jarvis', errors: [/must be lower case: "house jarvis"/] },
    { name: 'home-bot', errors: [/contains "-": only letters, spaces, apostrophes .* and periods/], warnings: [/one word/] },
    { name: 'ask jarvis', errors: [/"ask" is a launch phrase \("Alexa, ask …"\)/] },
    { name: 'open the house', errors: [/"open" is a launch phrase/] },
    { name: 'start my house', errors: [/"start" is a launch phrase/] },
    { name: 'tell launch', errors: [/"tell" is a launch phrase/, /"launch" is a launch phrase/] },
    { name: 'jarvis skill', errors: [/does not allow the word "skill"/] },
    { name: 'home app', errors: [/does not allow the word "app"/] },
    { name: 'house  jarvis', errors: [/extra spaces: "house jarvis"/] },
    { name: '  ', errors: [/the invocation name is empty/] },
  ];
  for (const row of cases) {
    const check = checkInvocationName(row.name);
    t.equal(check.errors.length, row.errors.length, `${JSON.stringify(row.name)}: ${check.errors.join(' | ')}`);
    row.errors.forEach((pattern, index) => t.match(check.errors[index], pattern));
    t.equal(check.warnings.length, (row.warnings ?? []).length, `${JSON.stringify(row.name)} warnings`);
    (row.warnings ?? []).forEach((pattern, index) => t.match(check.warnings[index], pattern));
    for (const line of check.errors) t.notMatch(line, /\n/, 'one line each');
  }
  t.end();
});

t.test('every sample has a carrier phrase around the one SearchQuery slot', (t) => {
  for (const [language, phrases] of Object.entries(CARRIER_PHRASES)) {
    const samples = samplesFor(`${language}-XX`) ?? [];
    t.equal(samples.length, phrases.length, language);
    t.equal(new Set(samples.map((sample) => sample.toLowerCase())).size, samples.length, `${language}: no duplicates`);
    for (const sample of samples) {
      t.equal(sample.match(/\{query\}/g)?.length, 1, `${language}: "${sample}" has the slot once`);
      t.match(sample.replace('{query}', ''), /\p{L}/u, `${language}: "${sample}" has a carrier phrase`);
      t.notMatch(sample, /\d/, `${language}: "${sample}" spells numbers out`);
    }
  }
  const english = samplesFor('en-GB') ?? [];
  t.ok(english.includes('to {query}') && english.includes('whether {query}'), 'commands ("ask Jarvis to …") and questions ("ask Jarvis whether …")');
  t.end();
});

t.test('the model declares the conversation intent and the built-in intents', (t) => {
  const model = buildInteractionModel('house jarvis', 'de-DE').interactionModel.languageModel;
  t.equal(model.invocationName, 'house jarvis');
  t.same(model.intents.map((intent) => intent.name), ['ConversationIntent', 'AMAZON.HelpIntent', 'AMAZON.StopIntent', 'AMAZON.CancelIntent', 'AMAZON.FallbackIntent', 'AMAZON.NavigateHomeIntent']);
  t.ok(model.intents[0]?.samples.includes('ob {query}'), 'German samples for de-DE');
  t.ok(buildInteractionModel('house jarvis', 'ja-JP').interactionModel.languageModel.intents[0]?.samples.includes('{query}と伝えて'), 'Japanese samples for ja-JP');
  t.throws(() => buildInteractionModel('house jarvis', 'sv-SE'), /no sample utterances for sv-SE yet: add its carrier phrases to CARRIER_PHRASES in scripts\/skill\/interaction-model\.ts \(languages so far: en, de, fr, es, it, pt, nl, ja, hi, ar\)/);
  t.end();
});

t.test('writes one model per locale in the ASK CLI layout', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'skill-package-'));
  const config = makeConfigDir({ 'skill.yaml': skillYaml('assistant_name: Friday\ninvocation_name: house friday\nlocales: [en-GB, de-DE]') });
  const { code, io } = run(['--config-dir', config, '--out', out]);
  t.equal(await code, 0, io.text());
  for (const locale of ['en-GB', 'de-DE']) {
    const text = readFileSync(join(out, 'interactionModels', 'custom', `${locale}.json`), 'utf8');
    t.equal(text, modelFileText('house friday', locale), `${locale} written`);
  }
  t.match(io.text(), /Next: paste each file into the Alexa developer console/);
  t.notMatch(io.text(), /warning/, 'a two-word name draws no warning');
  const inCi = run(['--config-dir', config, '--out', out], { CI: 'true' });
  t.equal(await inCi.code, 0);
  t.notMatch(inCi.io.text(), /paste/i, 'in CI (the Deploy and CI workflows), no console instructions in the log');
});

t.test('--check fails when a model is missing or stale, and passes once regenerated', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'skill-package-'));
  const config = makeConfigDir();
  const missing = run(['--check', '--config-dir', config, '--out', out]);
  t.equal(await missing.code, 1);
  t.match(missing.io.text(), /error: .*en-GB\.json is out of date with .*skill\.yaml: run npm run skill:model$/m);
  t.equal(await run(['--config-dir', config, '--out', out]).code, 0);
  const fresh = run(['--check', '--config-dir', config, '--out', out]);
  t.equal(await fresh.code, 0);
  t.match(fresh.io.text(), /interaction models are up to date \(en-GB\)/);
  writeFileSync(join(out, 'interactionModels', 'custom', 'en-GB.json'), '{}\n');
  t.equal(await run(['--check', '--config-dir', config, '--out', out]).code, 1);
});

t.test('regenerating removes the models of locales no longer listed, and summarizes the run', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'skill-package-'));
  const both = makeConfigDir({ 'skill.yaml': skillYaml('assistant_name: Friday\ninvocation_name: house friday\nlocales: [en-GB, de-DE]') });
  t.equal(await run(['--config-dir', both, '--out', out]).code, 0);
  const summaryFile = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
  const io = createRecordingIo();
  const english = makeConfigDir({ 'skill.yaml': skillYaml('assistant_name: Friday\ninvocation_name: house friday\nlocales: [en-GB]') });
  t.equal(await runCli('skill:model', main, ['--config-dir', english, '--out', out], { GITHUB_STEP_SUMMARY: summaryFile }, io), 0);
  t.same(readdirSync(join(out, 'interactionModels', 'custom')), ['en-GB.json'], 'de-DE.json is gone');
  t.match(io.text(), /removed .*de-DE\.json \(not in locales any more\)/);
  t.match(readFileSync(summaryFile, 'utf8'), /### Custom skill interaction model\n\nInvocation name \*\*house friday\*\* .*models for `en-GB` in the run's `skill-package` artifact/);
});

t.test('--skip-unsupported still writes every supported locale; a skipped one is named in the summary', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'skill-package-'));
  const summaryFile = join(mkdtempSync(join(tmpdir(), 'summary-')), 'summary.md');
  const io = createRecordingIo();
  const config = makeConfigDir({ 'skill.yaml': skillYaml('assistant_name: Jarvis\ninvocation_name: house jarvis\nlocales: [ja-JP]') });
  t.equal(await runCli('skill:model', main, ['--skip-unsupported', '--config-dir', config, '--out', out], { GITHUB_STEP_SUMMARY: summaryFile }, io), 0);
  t.notMatch(io.text(), /warning/);
  t.match(readFileSync(join(out, 'interactionModels', 'custom', 'ja-JP.json'), 'utf8'), /"invocationName": "house jarvis"/);
  t.match(readFileSync(summaryFile, 'utf8'), /models for `ja-JP`/);
  t.match(formatModelSummary({ invocationName: 'house jarvis', locales: ['sv-SE'] }, [], ['sv-SE']), /no models in the run's `skill-package` artifact[\s\S]*No sample utterances for sv-SE yet: the Custom skill is not available in that language/);
});

t.test('"Computer" is rejected with why, and what to pick instead', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'skill-package-'));
  const { code, io } = run(['--config-dir', makeConfigDir({ 'skill.yaml': skillYaml('assistant_name: Computer') }), '--out', out]);
  t.equal(await code, 1);
  t.match(io.text(), /error: .*wake word/);
  t.match(io.text(), /hint: pick a name that is not a wake word, e\.g\. "jarvis", "friday"/);
});

t.test('a name that breaks the rules stops the script, one line per problem', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'skill-package-'));
  const { code, io } = run(['--config-dir', makeConfigDir({ 'skill.yaml': skillYaml('assistant_name: R2D2 Helper') }), '--out', out]);
  t.equal(await code, 1);
  t.match(io.lines, [/^error: .*skill\.yaml:1 assistant_name: invocation name "r2d2 helper" contains digits: spell numbers out, e\.g\. "r two d two helper" \(or set invocation_name to a name Alexa accepts\)$/]);
  t.equal(io.lines.length, 1);
});

t.test('other config problems are printed one per line without a hint', async (t) => {
  const { code, io } = run(['--config-dir', makeConfigDir({ 'skill.yaml': skillYaml('assistant_name: Jarvis\nlocales: [xx-XX]') })]);
  t.equal(await code, 1);
  t.match(io.lines, [/^error: .*locales/]);
  t.notMatch(io.text(), /hint/);
});


t.test('--help prints the usage', async (t) => {
  const { code, io } = run(['--help']);
  t.equal(await code, 0);
  t.match(io.text(), /usage: npm run skill:model -- \[--check\]/);
});
