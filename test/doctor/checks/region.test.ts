/**
 * Tests for src/doctor/checks/region.ts and src/doctor/regions.ts: the function's region against the
 * region Alexa calls for the skill's locales.
 */
import t from 'tap';
import { check, doctor, TOKEN } from '../run-doctor.js';

const only = (locales?: string[]) => ({ diagnostics: 'doctor', checks: ['region'], ...(locales ? { locales } : {}) });
const base = { HOME_ASSISTANT_URL: 'https://ha.example.invalid', HOME_ASSISTANT_TOKEN: TOKEN };

t.test('a German skill served from us-east-1 fails: Alexa calls eu-west-1', async (t) => {
  const report = await doctor({ ...base, AWS_REGION: 'us-east-1', ALEXA_LOCALE: 'de-DE' }, only());
  t.match(check(report, 'region'), { status: 'fail', code: 'wrong_region', value: 'the function runs in us-east-1; Alexa calls de-DE → eu-west-1', fix: /Deploy the function in eu-west-1/ });
  t.equal(report.region, 'us-east-1');
});

t.test('the matching region is ok', async (t) => {
  t.match(check(await doctor({ ...base, AWS_REGION: 'eu-west-1', ALEXA_LOCALE: 'en-GB' }, only()), 'region'), { status: 'ok', value: 'eu-west-1 serves en-GB' });
});

t.test('the skill\'s locales from the event: one region of two warns about the other', async (t) => {
  const line = check(await doctor({ ...base, AWS_REGION: 'us-east-1' }, only(['en-US', 'ja-JP'])), 'region');
  t.match(line, { status: 'warn', code: 'more_regions', value: /need us-east-1, us-west-2/, fix: /copy of the function in us-west-2/ });
});

t.test('an unknown locale warns; no region (not in AWS) skips', async (t) => {
  t.match(check(await doctor({ ...base, AWS_REGION: 'us-east-1' }, only(['en-US', 'xx-XX'])), 'region'), { status: 'warn', code: 'unknown_locale' });
  t.match(check(await doctor(base, only()), 'region'), { status: 'skipped' });
});
