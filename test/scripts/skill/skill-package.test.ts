/**
 * Tests for scripts/skill/skill-package.ts and skill-ids.ts: broken files in skill-package/ are named
 * in one line, and the skill IDs are written into config/skill.yaml without losing its comments.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { buildSkillPackage } from '../../../scripts/skill/skill-package.js';
import { setSkillIds } from '../../../scripts/skill/skill-ids.js';
import { REPO_ROOT } from '../helpers/config-dir.js';

const inputs = { locales: ['en-US'], invocationName: 'jarvis', endpoint: { arn: 'arn:aws:lambda:us-east-1:111122223333:function:f:live', region: 'us-east-1' }, haUrl: 'https://ha.example.net' };

/** A copy of skill-package/ with one file replaced. */
function packageWith(file: string, content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'skill-package-'));
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'skill-package'), dir, { recursive: true });
  writeFileSync(join(dir, file), content);
  return dir;
}

t.test('broken skill-package/ files are named', (t) => {
  const cases: [string, string, RegExp][] = [
    ['smart-home/skill.json', '{ "manifest": ', /smart-home\/skill\.json is not valid JSON/],
    ['smart-home/skill.json', '{ "manifest": { "publishingInformation": { "locales": {} } } }', /smart-home\/skill\.json must hold manifest\.publishingInformation\.locales with at least one locale/],
    ['custom/skill.json', '{ "manifest": { "publishingInformation": { "locales": { "en-US": { "name": "x" } } }, "apis": {} } }', /custom\/skill\.json must declare manifest\.apis\.custom/],
    ['account-linking.json', '{}', /account-linking\.json must hold an accountLinkingRequest object/],
  ];
  for (const [file, content, expected] of cases) t.throws(() => buildSkillPackage({ ...inputs, dir: packageWith(file, content) }), expected, file);
  t.throws(() => buildSkillPackage({ ...inputs, dir: join(tmpdir(), 'no-such-skill-package') }), /no-such-skill-package\/smart-home\/skill\.json cannot be read \(ENOENT\): skill-package\/ holds both skills' manifests/);
  t.throws(() => buildSkillPackage({ ...inputs, dir: join(REPO_ROOT, 'test', 'fixtures', 'skill-package'), locales: ['sv-SE'] }), /no sample utterances for sv-SE yet/);
  t.end();
});

t.test('each locale takes its own text, else its language\'s, else the first; names of every locale find the skill', (t) => {
  const dir = packageWith(
    'smart-home/skill.json',
    JSON.stringify({ manifest: { manifestVersion: '1.0', publishingInformation: { locales: { 'en-US': { name: 'Home' }, 'de-DE': { name: 'Zuhause' }, 'fr-FR': { summary: 'no name' } } }, apis: { smartHome: {} } } }),
  );
  const { skills } = buildSkillPackage({ ...inputs, dir, locales: ['en-GB', 'de-DE', 'it-IT'] });
  const smartHome = skills[0];
  t.same(smartHome?.manifest.manifest.publishingInformation, { locales: { 'en-GB': { name: 'Home' }, 'de-DE': { name: 'Zuhause' }, 'it-IT': { name: 'Home' } } });
  t.same(smartHome?.names, ['Home', 'Zuhause']);
  t.same((smartHome?.manifest.manifest.apis as { smartHome: object }).smartHome, { endpoint: { uri: inputs.endpoint.arn }, regions: { NA: { endpoint: { uri: inputs.endpoint.arn } } } });
  const elsewhere = buildSkillPackage({ ...inputs, dir, endpoint: { arn: 'arn:aws:lambda:ap-south-1:111122223333:function:f', region: 'ap-south-1' } }).skills[0];
  t.notOk('regions' in ((elsewhere?.manifest.manifest.apis as { smartHome: object }).smartHome), 'no regional endpoint for a region Alexa does not call');
  t.end();
});

t.test('setSkillIds: replaces the key (or its commented-out line), else appends under a comment', (t) => {
  const id = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000001';
  t.equal(setSkillIds('assistant_name: Jarvis\nsmart_home_skill_id: old\n', { smart_home_skill_id: id }), `assistant_name: Jarvis\nsmart_home_skill_id: ${id}\n`);
  t.equal(setSkillIds('# smart_home_skill_id: amzn1.ask.skill.…\nlocales: [en-US]\n', { smart_home_skill_id: id }), `smart_home_skill_id: ${id}\nlocales: [en-US]\n`);
  const appended = setSkillIds('assistant_name: Jarvis', { smart_home_skill_id: id, custom_skill_id: undefined });
  t.match(appended, /^assistant_name: Jarvis\n\n# The skills' IDs, written by npm run skill:deploy[^\n]*\nsmart_home_skill_id: amzn1\S+\n$/);
  t.equal(setSkillIds(appended, { custom_skill_id: id }).match(/# The skills' IDs/g)?.length, 1, 'the comment once');
  t.equal(setSkillIds('', { custom_skill_id: id }), `# The skills' IDs, written by npm run skill:deploy (the Deploy workflow lets these skills call the Lambda).\ncustom_skill_id: ${id}\n`);
  t.equal(setSkillIds('a: 1\n', {}), 'a: 1\n');
  t.end();
});
