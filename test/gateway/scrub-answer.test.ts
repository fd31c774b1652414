/**
 * Unit tests for src/gateway/scrub-answer.ts: every string of an answer passes the secret registry,
 * at any depth; only the correlation token and the scope's token the directive itself sent are
 * echoed untouched.
 */
import t from 'tap';
import { echoesOf, MAX_ANSWER_DEPTH, scrubAnswer } from '../../src/gateway/scrub-answer.js';
import { MASK, SecretRegistry } from '../../src/logging/redact.js';
import { leakedPart } from '../fixtures/secret-leaks.js';

const STORED = 'stored-answer-token-0123456789';
const LINKED = 'linked-answer-token-abcdef';
const directive = (scopeToken?: string) => ({
  directive: {
    header: { namespace: 'Alexa.PowerController', name: 'TurnOn', payloadVersion: '3', messageId: 'm', correlationToken: 'corr-1' },
    endpoint: { endpointId: 'light#kitchen', ...(scopeToken === undefined ? {} : { scope: { type: 'BearerToken', token: scopeToken } }) },
    payload: {},
  },
});
const answer = (header: Record<string, unknown>, scope: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) => ({
  event: {
    header: { namespace: 'Alexa', name: 'Response', payloadVersion: '3', messageId: 'a', ...header } as Record<string, unknown>,
    endpoint: { endpointId: 'light#kitchen', ...(scope === undefined ? {} : { scope }) },
    payload: {},
  },
  context: { properties: [], ...extra },
});

t.test('echoesOf reads the correlation token and the scope\'s token of a directive, and nothing of other events', async (t) => {
  t.same(echoesOf(directive(LINKED)), { correlationToken: 'corr-1', scopeToken: LINKED });
  t.same(echoesOf(directive()), { correlationToken: 'corr-1' });
  t.same(echoesOf({ version: '1.0', request: {} }), {});
  t.same(echoesOf(null), {});
});

t.test('a token in event.endpoint.scope is masked unless it is exactly the one the directive sent', async (t) => {
  const secrets = new SecretRegistry([STORED, LINKED]);
  const cases: [string, unknown, Record<string, unknown>, Record<string, unknown>][] = [
    ['the stored token, directive without a scope', directive(), { type: 'BearerToken', token: STORED }, { type: 'BearerToken', token: MASK }],
    ['the stored token, directive with its own', directive(LINKED), { type: 'BearerToken', token: STORED }, { type: 'BearerToken', token: MASK }],
    ['the directive\'s own token', directive(LINKED), { type: 'BearerToken', token: LINKED }, { type: 'BearerToken', token: LINKED }],
    ['the own token, the stored one beside it', directive(LINKED), { type: 'BearerToken', token: LINKED, partition: `p-${STORED}` }, { type: 'BearerToken', token: LINKED, partition: `p-${MASK}` }],
  ];
  for (const [what, event, scope, expected] of cases) {
    const scrubbed = scrubAnswer(answer({ correlationToken: 'corr-1' }, scope), secrets, echoesOf(event)) as ReturnType<typeof answer>;
    t.same(scrubbed.event.endpoint.scope, expected, what);
  }
});

t.test('a correlation token is echoed untouched only when it is the directive\'s', async (t) => {
  const secrets = new SecretRegistry([STORED, 'corr-token-registered']);
  const own = scrubAnswer(answer({ correlationToken: 'corr-token-registered' }, undefined), secrets, { correlationToken: 'corr-token-registered' }) as ReturnType<typeof answer>;
  t.equal(own.event.header.correlationToken, 'corr-token-registered', 'the directive\'s own, even when it looks like a secret');
  const swapped = scrubAnswer(answer({ correlationToken: STORED }, undefined), secrets, echoesOf(directive())) as ReturnType<typeof answer>;
  t.equal(swapped.event.header.correlationToken, MASK, 'the stored token in its place is masked');
});

t.test('strings at any depth are scrubbed; what lies deeper than the walk goes is masked whole', async (t) => {
  const secrets = new SecretRegistry([STORED]);
  let deep: unknown = `echo ${STORED}`;
  for (let level = 0; level < 70; level += 1) deep = { inner: deep };
  const scrubbed = scrubAnswer(answer({}, undefined, { deep }), secrets);
  t.equal(leakedPart(JSON.stringify(scrubbed), STORED), undefined, 'no piece of the token 70 levels down');

  let veryDeep: unknown = 'no secret at all';
  for (let level = 0; level < 200_000; level += 1) veryDeep = [veryDeep];
  const masked = scrubAnswer(answer({}, undefined, { veryDeep }), secrets) as { context: { veryDeep: unknown } };
  t.doesNotThrow(() => JSON.stringify(masked), 'a 200,000-level answer is cut to one that serializes');
  let level = 0;
  let node: unknown = masked.context.veryDeep;
  while (Array.isArray(node)) {
    node = node[0];
    level += 1;
  }
  t.equal(node, MASK, 'the part too deep to walk is the mask');
  t.equal(level + 2, MAX_ANSWER_DEPTH, 'cut at the walk\'s limit');
});

t.test('an answer without a secret is returned as it is, uncopied', async (t) => {
  const secrets = new SecretRegistry([STORED]);
  const plain = answer({ correlationToken: 'corr-1' }, { type: 'BearerToken', token: LINKED });
  t.equal(scrubAnswer(plain, secrets, echoesOf(directive(LINKED))), plain);
});

t.test('an answer scrubbed through an invocation\'s registry is not walked again through it, a logger included; through another registry it is', async (t) => {
  const secrets = new SecretRegistry([STORED]);
  let walked = 0;
  const counting = { holds: (text: string) => ((walked += 1), secrets.holds(text)), scrub: (text: string) => secrets.scrub(text) };
  // What proxy.ts holds: the invocation's logger, which scrubs with the registry behind it.
  const logger = { ...counting, secrets };
  const echoed = answer({ correlationToken: 'corr-1' }, undefined, { quoted: `Home Assistant said: token ${STORED}` });

  const once = scrubAnswer(echoed, logger, echoesOf(directive()));
  const walks = walked;
  t.ok(walks > 0, 'the first pass walked the answer');
  t.equal(leakedPart(JSON.stringify(once), STORED), undefined, 'the first pass masked the token');
  t.equal(scrubAnswer(once, secrets, echoesOf(directive())), once, 'the gateway gets the same answer back');
  t.equal(scrubAnswer(once, logger, echoesOf(directive())), once);
  t.equal(walked, walks, 'and did not walk it again');
  scrubAnswer(once, counting, echoesOf(directive()));
  t.ok(walked > walks, 'a scrubber with no registry behind it walks it again');

  const other = new SecretRegistry(['another-invocation-token-42']);
  const tainted = { ...(once as object), note: 'another-invocation-token-42' };
  t.equal(leakedPart(JSON.stringify(scrubAnswer(tainted, other)), 'another-invocation-token-42'), undefined, 'a copy is walked in full');
  t.notOk(JSON.stringify(scrubAnswer(once, other)).includes(STORED), 'another invocation walks it again (and finds nothing left)');
});
