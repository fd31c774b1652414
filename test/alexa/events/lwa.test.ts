/**
 * Login with Amazon's client (src/alexa/events/lwa.ts) and the events' HTTP (http.ts) on their own:
 * LWA's refusals and odd answers become `LwaError`s whose message names the fix, never a token.
 */
import t from 'tap';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createDeadline } from '../../../src/gateway/deadline.js';
import { NoAnswerError, post } from '../../../src/alexa/events/http.js';
import { exchangeCode, explainLwaError, LwaError, refreshAccessToken, type LwaClient } from '../../../src/alexa/events/lwa.js';
import { FakeLwa, LWA_URL, lwaHandlers } from '../../fixtures/fake-lwa-events.js';
import { REAL_CLOCK } from '../../../src/alexa/events/context.js';

const lwa = new FakeLwa('client-id-1', 'client-secret-0123456789');
const server = setupServer(...lwaHandlers(lwa));
server.listen({ onUnhandledRequest: 'error' });
t.teardown(() => server.close());
t.afterEach(() => server.resetHandlers(...lwaHandlers(lwa)));

const client: LwaClient = { tokenUrl: LWA_URL, clientId: 'client-id-1', clientSecret: 'client-secret-0123456789' };

async function failure(work: () => Promise<unknown>): Promise<LwaError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof LwaError) return error;
    throw error;
  }
  throw new Error('expected an LwaError');
}

t.test('a code is exchanged once; a refresh returns a new access token and keeps the refresh token unless LWA rotates it', async (t) => {
  const deadline = createDeadline(5_000);
  const code = lwa.issueCode('client-id-1');
  const tokens = await exchangeCode(client, code, deadline);
  t.match(tokens, { accessToken: /^Atza\|/, refreshToken: /^Atzr\|/, expiresInSeconds: 3600 });
  t.ok(tokens.accessToken.length >= 350);
  t.equal((await failure(() => exchangeCode(client, code, deadline))).code, 'invalid_grant', 'a used code');
  const refreshed = await refreshAccessToken(client, tokens.refreshToken ?? '', deadline);
  t.not(refreshed.accessToken, tokens.accessToken);
  t.equal(refreshed.refreshToken, tokens.refreshToken);
  deadline.dispose();
});

t.test('refusals and odd answers name the fix', async (t) => {
  const deadline = createDeadline(5_000);
  t.equal((await failure(() => exchangeCode({ ...client, clientSecret: 'nope-nope-nope' }, lwa.issueCode('client-id-1'), deadline))).code, 'invalid_client');
  server.use(http.post(LWA_URL, () => HttpResponse.json({ token_type: 'bearer' })));
  t.match(await failure(() => exchangeCode(client, 'c', deadline)), { code: 'bad_answer', message: /without an access_token/ });
  server.use(http.post(LWA_URL, () => new HttpResponse('<html>oops</html>', { status: 502 })));
  t.match(await failure(() => exchangeCode(client, 'c', deadline)), { code: 'http_502', message: /Login with Amazon refused the request \(http_502\)/ });
  server.use(http.post(LWA_URL, () => HttpResponse.json({ error: 'unsupported_grant_type' }, { status: 400 })));
  t.equal((await failure(() => exchangeCode(client, 'c', deadline))).code, 'unsupported_grant_type');
  t.match(explainLwaError('unauthorized_client'), /Send Alexa Events/);
  deadline.dispose();
});

t.test('the fake refuses what LWA refuses: a JSON body, another grant type', async (t) => {
  t.match(lwa.handle({ method: 'POST', url: LWA_URL, headers: { 'content-type': 'application/json' }, body: '{}' }), { status: 400, body: { error: 'invalid_request' } });
  t.match(lwa.handle({ method: 'POST', url: LWA_URL, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password&client_id=client-id-1&client_secret=client-secret-0123456789' }), { status: 400, body: { error: 'unsupported_grant_type' } });
});

t.test('an aborted invocation or a silent server is NoAnswerError, within the call\'s timeout', async (t) => {
  const done = createDeadline(0);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await t.rejects(post(LWA_URL, {}, '', done, 1_000), NoAnswerError);
  done.dispose();
  server.use(http.post(LWA_URL, async () => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    return HttpResponse.json({});
  }));
  const deadline = createDeadline(5_000);
  await t.rejects(post(LWA_URL, {}, '', deadline, 100), { name: 'NoAnswerError', message: /no answer within 100 ms/ });
  deadline.dispose();
  const slept = performance.now();
  await REAL_CLOCK.sleep(20);
  t.ok(performance.now() - slept >= 15, 'the real clock sleeps');
});
