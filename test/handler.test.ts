/**
 * Unit tests for src/handler.ts: the async Lambda entry point delegates to the gateway, and with
 * LUGS_ENABLED=false every lazily loaded module is already loaded when the first event arrives.
 */
import t from 'tap';

process.env.HOME_ASSISTANT_URL = 'http://127.0.0.1:9';
process.env.LUGS_ENABLED = 'false';

t.test('handler is async, answers a health event, and has preloaded the lazy modules (LUGS off)', async (t) => {
  const { handler } = await import('../src/handler.js');
  t.equal(handler.constructor.name, 'AsyncFunction', 'nodejs24.x accepts only async handlers');
  t.equal(handler.length, 2, 'handler(event, context)');
  const lazy = await import('../src/lazy.js');
  // A promise that is already settled wins a race against one that settles on the next microtask;
  // a module still loading (or not yet asked for) needs I/O first and loses it.
  const settled = async (promise: Promise<unknown>): Promise<boolean> => Promise.race([promise.then(() => true), Promise.resolve().then(() => false)]);
  t.ok(await settled(lazy.loadNativeTranslator()), 'the native translator was loaded at init, so asking again is immediate');
  t.ok(await settled(lazy.loadCustomSkill()), 'the Custom skill was loaded at init, so asking again is immediate');
  const writes: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string) => writes.push(chunk) > 0);
  let answer: unknown;
  try {
    answer = await handler({ diagnostics: 'health' }, { awsRequestId: 'h-1', getRemainingTimeInMillis: () => 3000 });
  } finally {
    process.stdout.write = write;
  }
  t.match(answer, { diagnostics: 'health', ok: true });
  t.match(writes.join(''), /"message":"invocation".*"requestId":"h-1"|"requestId":"h-1".*"message":"invocation"/);
});
