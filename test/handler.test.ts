/**
 * Unit tests for src/handler.ts: the async Lambda entry point delegates to the gateway, and with
 * LUGS_ENABLED=false every lazily loaded module is already loaded when the first event arrives.
 */
import t from 'tap';

process.env.HOME_ASSISTANT_URL = 'http://127.0.0.1:9';
process.env.LUGS_ENABLED = 'false';

t.test('handler is async, answers a health event, and has preloaded the lazy modules (LUGS off)', async (t) => {
  const started = performance.now();
  const { handler } = await import('../src/handler.js');
  const importMs = performance.now() - started;
  t.equal(handler.constructor.name, 'AsyncFunction', 'nodejs24.x accepts only async handlers');
  t.equal(handler.length, 2, 'handler(event, context)');
  const lazy = await import('../src/lazy.js');
  const again = performance.now();
  await Promise.all([lazy.loadNativeTranslator(), lazy.loadCustomSkill()]);
  t.ok(performance.now() - again < importMs, 'the modules were loaded at init, so asking again is immediate');
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
