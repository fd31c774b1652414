/**
 * Every body skill:deploy sends, checked against Amazon's own SMAPI spec (ask-smapi-model's
 * spec.json, through test/fixtures/smapi-spec.ts, the validator the fake SMAPI uses for its 400s):
 * both skills' manifests (as created and as updated), the Custom skill's interaction model and the
 * Smart Home skill's account linking, for every locale of the region table, alone and together.
 */
import { join } from 'node:path';
import t from 'tap';
import { ALEXA_REGIONS, SUPPORTED_LOCALES, type AlexaRegion } from '../../../scripts/config/regions.js';
import { buildSkillPackage, type SkillDefinition } from '../../../scripts/skill/skill-package.js';
import { samplesFor } from '../../../scripts/skill/interaction-model.js';
import { smapiViolations } from '../../fixtures/smapi-spec.js';
import { REPO_ROOT } from '../helpers/config-dir.js';

const PACKAGE_DIR = join(REPO_ROOT, 'test', 'fixtures', 'skill-package');

function packageFor(locales: readonly string[], region: AlexaRegion): SkillDefinition[] {
  const endpoint = { arn: `arn:aws:lambda:${region}:111122223333:function:ha-alexa:live`, region };
  return buildSkillPackage({ dir: PACKAGE_DIR, locales, invocationName: 'house jarvis', endpoint, haUrl: 'https://ha.example.net' }).skills;
}

/** Every violation of every body the skills' sync would send, as `what: message`. */
function violationsOf(skills: readonly SkillDefinition[]): string[] {
  return skills.flatMap((skill) => [
    ...smapiViolations('createSkill', { vendorId: 'M1VENDOR', ...skill.createManifest }).map((violation) => `${skill.label} create: ${violation.message}`),
    ...smapiViolations('manifest', skill.manifest).map((violation) => `${skill.label} manifest: ${violation.message}`),
    ...Object.entries(skill.interactionModels).flatMap(([locale, model]) => smapiViolations('interactionModel', model).map((violation) => `${skill.label} ${locale} model: ${violation.message}`)),
    ...(skill.accountLinking ? smapiViolations('accountLinking', { accountLinkingRequest: skill.accountLinking }).map((violation) => `${skill.label} account linking: ${violation.message}`) : []),
  ]);
}

t.test('every supported locale deploys: both manifests, its interaction model and the account linking are valid SMAPI bodies', (t) => {
  for (const [region, entry] of Object.entries(ALEXA_REGIONS) as [AlexaRegion, (typeof ALEXA_REGIONS)[AlexaRegion]][]) {
    for (const locale of entry.locales) {
      const skills = packageFor([locale], region);
      t.same(violationsOf(skills), [], `${locale} (${region})`);
      const custom = skills.find((skill) => skill.kind === 'custom');
      const intent = custom?.interactionModels[locale]?.interactionModel as { languageModel: { intents: { name: string; samples: string[] }[] } } | undefined;
      t.ok((intent?.languageModel.intents[0]?.samples.length ?? 0) >= 10, `${locale}: the conversation intent has its samples`);
    }
    t.same(violationsOf(packageFor(entry.locales, region)), [], `all of ${region}'s locales in one skill`);
  }
  t.equal(SUPPORTED_LOCALES.filter((locale) => samplesFor(locale) === undefined).length, 0, 'no locale of the region table lacks samples');
  t.end();
});

t.test('the validator refuses what SMAPI refuses, naming the property path', (t) => {
  const [smartHome, custom] = packageFor(['en-US'], 'us-east-1') as [SkillDefinition, SkillDefinition];
  const manifest = smartHome.manifest.manifest as { apis: { smartHome: Record<string, unknown> }; manifestVersion: string };
  const { protocolVersion: _version, ...noVersion } = manifest.apis.smartHome;
  t.match(smapiViolations('manifest', { manifest: { ...manifest, apis: { smartHome: noVersion } } }), [
    { code: 'MISSING_REQUIRED_PROPERTY', message: `Instance at property path "$.manifest.apis.smartHome" must have required property 'protocolVersion'` },
  ]);
  t.match(smapiViolations('manifest', { manifest: { ...manifest, manifestVersion: '2.0' } }), [{ code: 'INVALID_ENUM_VALUE', message: /"\$\.manifest\.manifestVersion" must be equal to one of the allowed values \(1\.0\)/ }]);
  t.match(smapiViolations('interactionModel', { languageModel: {} }), [{ message: /must have required property 'interactionModel'/ }], 'the envelope is required');
  const model = custom.interactionModels['en-US'] as { interactionModel: { languageModel: Record<string, unknown> } };
  t.match(smapiViolations('interactionModel', { interactionModel: { languageModel: { ...model.interactionModel.languageModel, intents: 'none' } } }), [{ code: 'INVALID_DATA_TYPE', message: /"\$\.interactionModel\.languageModel\.intents" must be array/ }]);
  t.match(smapiViolations('accountLinking', { accountLinkingRequest: { ...smartHome.accountLinking, type: 'PASSWORD' } }), [{ message: /"\$\.accountLinkingRequest\.type" must be equal to one of the allowed values \(AUTH_CODE, IMPLICIT\)/ }]);
  t.same(smapiViolations('badRequest', { message: 'Skill manifest is not valid.', violations: [{ code: 'X', message: 'm' }] }), [], 'the fake\'s 400 body is a v1.BadRequestError');
  t.end();
});
