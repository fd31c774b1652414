/** Unit tests for src/gateway/deadline.ts: the budget is the smallest of the three limits. */
import t from 'tap';
import { budgetMs, createDeadline, LAMBDA_MARGIN_MS } from '../../src/gateway/deadline.js';
import { AbandonedCallError } from '../../src/homeassistant/index.js';

t.test('the budget is min(HA_TIMEOUT, 7.5 s for Alexa, Lambda remaining time minus a margin)', async (t) => {
  t.equal(budgetMs({ timeoutSeconds: 30, alexaBudgetMs: 7_500, lambdaRemainingMs: 10_000 }), 7_500, 'the old guide\'s 30 s is capped by Alexa');
  t.equal(budgetMs({ timeoutSeconds: 2, alexaBudgetMs: 7_500, lambdaRemainingMs: 10_000 }), 2_000, 'a shorter HA_TIMEOUT wins');
  t.equal(budgetMs({ timeoutSeconds: 30, alexaBudgetMs: 7_500, lambdaRemainingMs: 3_000 }), 3_000 - LAMBDA_MARGIN_MS, 'a function timeout of 3 s wins');
  t.equal(budgetMs({ timeoutSeconds: 30, alexaBudgetMs: undefined, lambdaRemainingMs: undefined }), 30_000, 'diagnostics outside Alexa use HA_TIMEOUT');
  t.equal(budgetMs({ timeoutSeconds: 30, alexaBudgetMs: 7_500, lambdaRemainingMs: 10 }), 50, 'never below a floor');
  t.equal(budgetMs({ timeoutSeconds: undefined, alexaBudgetMs: 7_500, lambdaRemainingMs: undefined }), 7_500, 'before the settings are loaded, Alexa\'s budget');
  t.equal(budgetMs({ timeoutSeconds: undefined, alexaBudgetMs: undefined, lambdaRemainingMs: undefined }), Number.POSITIVE_INFINITY, 'diagnostics run locally: no limit yet');
});

t.test('the deadline aborts its signal when the budget is spent', async (t) => {
  const deadline = createDeadline(30);
  t.equal(deadline.signal.aborted, false);
  t.ok(deadline.remainingMs() > 0);
  // The deadline's own timer is unref'd (it must not keep a process alive), so wait with a ref'd one.
  await Promise.race([deadline.expired, new Promise((resolve) => setTimeout(resolve, 200))]);
  t.equal(deadline.signal.aborted, true);
  t.equal(deadline.remainingMs(), 0);
});

t.test('disposing a deadline stops its timer and aborts the calls still running, as abandoned', async (t) => {
  const deadline = createDeadline(20);
  deadline.dispose();
  t.equal(deadline.signal.aborted, true, 'a call still running when the invocation answers is aborted');
  t.type(deadline.signal.reason, AbandonedCallError, 'the reason tells the client the bridge gave up, not Home Assistant');
  const fired = await Promise.race([deadline.expired.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 40))]);
  t.equal(fired, false, 'the budget timer never fires after dispose');
});

t.test('disposing an expired deadline keeps the deadline as the reason', async (t) => {
  const deadline = createDeadline(1);
  await Promise.race([deadline.expired, new Promise((resolve) => setTimeout(resolve, 200))]);
  deadline.dispose();
  t.notOk(deadline.signal.reason instanceof AbandonedCallError);
  t.match(String(deadline.signal.reason), /deadline of 1 ms reached/);
});

t.test('the budget counts from the start of the invocation, and narrowing it keeps that start', async (t) => {
  let now = 1_000;
  const deadline = createDeadline(7_500, () => now, 0);
  t.teardown(() => deadline.dispose());
  t.equal(deadline.remainingMs(), 6_500, 'a second spent before the deadline was made counts');
  deadline.narrow(2_000);
  t.equal(deadline.budgetMs, 2_000);
  t.equal(deadline.remainingMs(), 1_000, 'HA_TIMEOUT of 2 s, from the start');
  deadline.narrow(5_000);
  t.equal(deadline.budgetMs, 2_000, 'a longer budget changes nothing');
  now = 2_500;
  t.equal(deadline.remainingMs(), 0);
});

t.test('a narrowed deadline fires at its new end; one already past fires at once', async (t) => {
  const deadline = createDeadline(10_000);
  deadline.narrow(20);
  await Promise.race([deadline.expired, new Promise((resolve) => setTimeout(resolve, 500))]);
  t.equal(deadline.signal.aborted, true);
  t.match(String(deadline.signal.reason), /deadline of 20 ms reached/);
  const late = createDeadline(10_000, performance.now.bind(performance), performance.now() - 5_000);
  late.narrow(1_000);
  await Promise.race([late.expired, new Promise((resolve) => setTimeout(resolve, 500))]);
  t.equal(late.signal.aborted, true, 'settings that took longer than HA_TIMEOUT leave no time');
});

t.test('an infinite budget never fires until it is narrowed', async (t) => {
  const deadline = createDeadline(Number.POSITIVE_INFINITY);
  t.equal(deadline.remainingMs(), Number.POSITIVE_INFINITY);
  deadline.narrow(10);
  await Promise.race([deadline.expired, new Promise((resolve) => setTimeout(resolve, 500))]);
  t.equal(deadline.signal.aborted, true);
});

t.test('calls listen with onAbort: each listener runs once, a removed one never, a late one at once; a signal read late is already aborted', async (t) => {
  const deadline = createDeadline(20);
  const heard: string[] = [];
  deadline.onAbort(() => heard.push('first'));
  const remove = deadline.onAbort(() => heard.push('removed'));
  remove();
  t.equal(deadline.abortReason, undefined, 'no reason while the budget runs');
  await deadline.expired;
  t.same(heard, ['first']);
  t.match((deadline.abortReason as Error).message, /deadline of 20 ms reached/);
  deadline.onAbort(() => heard.push('late'));
  deadline.dispose();
  t.same(heard, ['first', 'late'], 'dispose after expiry calls nobody again');
  t.equal(deadline.signal.aborted, true);
  t.equal(deadline.signal.reason, deadline.abortReason, 'the signal carries the same reason');
});

t.test('a signal read before the end is aborted with the deadline', async (t) => {
  const deadline = createDeadline(60_000);
  const { signal } = deadline;
  t.equal(signal.aborted, false);
  deadline.dispose();
  t.equal(signal.aborted, true);
  t.type(signal.reason, AbandonedCallError);
});
