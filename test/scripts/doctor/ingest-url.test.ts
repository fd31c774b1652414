/**
 * The doctor's "Ingest URL" line (scripts/doctor/ingest-url.ts): the Function URL of live, poked
 * without a secret, must answer 401; every other answer names its fix. The Function URL is faked with
 * msw on its real host form (<url-id>.lambda-url.<region>.on.aws), the URL itself by the fake Lambda.
 */
import t from 'tap';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createFakeAws, FAKE_REGION, useFakeAwsEnv, type FakeAws } from '../../fixtures/fake-aws.js';
import { createLambdaClient } from '../../../scripts/aws/aws-clients.js';
import { checkIngestUrl, INGEST_CHECK, withCheck } from '../../../scripts/doctor/ingest-url.js';
import { failedReport } from '../../../scripts/doctor/report.js';

useFakeAwsEnv();
const URL = 'https://a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6.lambda-url.eu-west-1.on.aws/';
const PUSH = `${URL}v1/ha/push`;
let aws: FakeAws = createFakeAws();
const seen: Request[] = [];
const server = setupServer();
server.listen({ onUnhandledRequest: 'error' });
t.teardown(() => server.close());
t.beforeEach(() => {
  aws = createFakeAws();
  aws.lambda.state.functionUrls.set('live', URL);
  seen.length = 0;
  server.resetHandlers(...aws.handlers);
});

/** The URL answers `status` (a Lambda behind it would answer as the function decides). */
const urlAnswers = (status: number) =>
  server.use(
    http.post(PUSH, ({ request }) => {
      seen.push(request.clone());
      return new HttpResponse(status === 401 ? '{"message":"Unauthorized"}' : null, { status });
    }),
  );
const check = () => checkIngestUrl({ lambda: createLambdaClient(FAKE_REGION), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }, 'ha-alexa');

t.test('401 to a poke without the secret is ok, and the poke carries no Authorization', async (t) => {
  urlAnswers(401);
  const result = await check();
  t.match(result, { name: INGEST_CHECK.name, status: 'ok', value: /refused \(401\)/, fix: '' });
  t.equal(seen.length, 1);
  t.equal(seen[0]?.headers.get('authorization'), null);
  t.same(await seen[0]?.json(), { v: 1, kind: 'start' });
});

t.test('every other answer fails with its own fix', async (t) => {
  const cases: [number, RegExp, RegExp, string][] = [
    [404, /ALEXA_EVENTS off/, /ALEXA_EVENTS: on in config\/function\.yaml/, 'events_off'],
    [403, /public-access statements are missing/, /AlexaEvents=on/, 'forbidden'],
    [200, /accepted a poke without the secret/, /HA_EVENTS_SECRET/, 'open'],
    [502, /got 502 instead of 401/, /CloudWatch log/, 'unexpected'],
  ];
  for (const [status, value, fix, code] of cases) {
    server.resetHandlers(...aws.handlers);
    urlAnswers(status);
    t.match(await check(), { status: 'fail', value, fix, code }, `${status}`);
  }
});

t.test('no URL on live (events off in the stack) is skipped; a URL that does not answer fails', async (t) => {
  aws.lambda.state.functionUrls.clear();
  t.match(await check(), { status: 'skipped', value: /no Function URL/ });
  aws.lambda.state.functionUrls.set('live', URL);
  server.use(http.post(PUSH, () => HttpResponse.error()));
  t.match(await check(), { status: 'fail', code: 'unreachable', value: /got no answer/ });
});

t.test('the line joins the report and a failure turns the report to fail', (t) => {
  const base = { ...failedReport('x', 'X', 'v', 'f'), ok: true, status: 'ok' as const, checks: [] };
  const failed = withCheck(base, { ...INGEST_CHECK, status: 'fail', value: 'v', fix: 'f' });
  t.match(failed, { ok: false, status: 'fail', checks: [{ name: 'ingest_url' }] });
  t.match(withCheck(base, { ...INGEST_CHECK, status: 'skipped', value: 'v', fix: '' }), { ok: true, status: 'ok' });
  t.end();
});
