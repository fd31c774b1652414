/**
 * Unit tests for src/homeassistant/http.ts over a real loopback server: what the Home Assistant client
 * relies on from its HTTP exchange. Compressed answers are read as text, a request body carries its
 * length, a body cut short or aborted is an error (never a truncated JSON parsed as whole), and a body
 * past the limit is not read further.
 */
import { createServer, Agent, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import t, { type Test } from 'tap';
import { createDeadline } from '../../src/gateway/deadline.js';
import { BodyTooLargeError, send, targetFor, type HttpExchange } from '../../src/homeassistant/http.js';
import type { Abortable } from '../../src/homeassistant/types.js';

/** An abort source whose reason the test picks (the deadline always aborts with an Error). */
function manualAbort(): Abortable & { abort(reason: unknown): void } {
  let reason: unknown;
  const listeners = new Set<() => void>();
  return {
    get abortReason() {
      return reason;
    },
    onAbort(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    abort(why) {
      reason = why;
      for (const listener of listeners) listener();
    },
  };
}

const agent = new Agent({ keepAlive: true });
t.teardown(() => agent.destroy());

async function server(t: Test, listener: RequestListener): Promise<URL> {
  const http = createServer(listener);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    http.closeAllConnections();
    http.close();
  });
  return new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/states`);
}

function exchange(url: URL, extra: Partial<HttpExchange> = {}): HttpExchange {
  return { method: 'GET', target: targetFor(url.origin, url.pathname), headers: { Accept: 'application/json' }, agent, abort: manualAbort(), maxBytes: 1024 * 1024, ...extra };
}

const BODY = JSON.stringify([{ entity_id: 'light.küche', state: 'on' }]);

for (const [encoding, compress] of [
  ['gzip', gzipSync],
  ['x-gzip', gzipSync],
  ['deflate', deflateSync],
  ['br', brotliCompressSync],
] as const) {
  t.test(`a ${encoding} answer is read as the text it holds, and the request asks for compression`, async (t) => {
    let asked: string | undefined;
    const url = await server(t, (request, response) => {
      asked = request.headers['accept-encoding'];
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      response.end(compress(Buffer.from(BODY)));
    });
    const answer = await send(exchange(url));
    t.equal(answer.status, 200);
    t.equal(await answer.text(), BODY);
    t.match(asked, /gzip/);
  });
}

t.test('a POST carries its body with Content-Length and the given headers; headers are read by lower-case name', async (t) => {
  let received: { method?: string; length?: string; type?: string; body: string } = { body: '' };
  const url = await server(t, (request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received = { method: request.method, length: request.headers['content-length'], type: request.headers['content-type'], body };
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.writeHead(200, { 'content-type': 'application/json', 'cf-mitigated': 'challenge' });
      response.end('{}');
    });
  });
  const payload = JSON.stringify({ entity_id: 'light.küche' });
  const answer = await send(exchange(url, { method: 'POST', body: payload, headers: { 'Content-Type': 'application/json' } }));
  t.equal(await answer.text(), '{}');
  t.same(received, { method: 'POST', length: String(Buffer.byteLength(payload)), type: 'application/json', body: payload });
  t.equal(answer.header('cf-mitigated'), 'challenge');
  t.equal(answer.header('set-cookie'), 'a=1', 'the first of a repeated header');
  t.equal(answer.header('x-missing'), undefined);
});

t.test('a body that arrives in many chunks is joined whole', async (t) => {
  const parts = Array.from({ length: 50 }, (_, i) => `{"n":${i}},`);
  const url = await server(t, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('[');
    let next = 0;
    const writeNext = (): void => {
      if (next === parts.length) {
        response.end('null]');
        return;
      }
      response.write(parts[next]);
      next += 1;
      setImmediate(writeNext);
    };
    writeNext();
  });
  const text = await (await send(exchange(url))).text();
  t.equal(text, `[${parts.join('')}null]`);
});

t.test('a connection closed before the body ended is a reset, not a short body', async (t) => {
  const url = await server(t, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    response.write('[{"entity_id":"light.kitchen"');
    setTimeout(() => response.socket?.destroy(), 20);
  });
  const answer = await send(exchange(url));
  const error = await answer.text().catch((e: unknown) => e);
  t.type(error, Error);
  t.equal((error as NodeJS.ErrnoException).code, 'ECONNRESET');
});

t.test('the deadline ending while the body is being read rejects with its reason and closes the connection', async (t) => {
  let closed = false;
  const url = await server(t, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('[');
    response.once('close', () => (closed = true));
  });
  const deadline = createDeadline(60_000);
  const answer = await send(exchange(url, { abort: deadline }));
  const reading = answer.text();
  deadline.dispose();
  t.equal(await reading.catch((e: unknown) => e), deadline.abortReason);
  t.equal((deadline.abortReason as Error).name, 'AbandonedCallError');
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.ok(closed, 'the server saw the connection close');
});

t.test('a deadline already over sends nothing and the request fails at once', async (t) => {
  let requests = 0;
  const url = await server(t, (_request, response) => {
    requests += 1;
    response.end('[]');
  });
  const deadline = createDeadline(60_000);
  deadline.dispose();
  const error = await send(exchange(url, { abort: deadline })).catch((e: unknown) => e);
  t.equal((error as Error).name, 'AbandonedCallError');
  t.equal(requests, 0);
});

t.test('an abort without an Error reason still rejects, as an AbortError', async (t) => {
  const url = await server(t, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.write('[');
  });
  const abort = manualAbort();
  const answer = await send(exchange(url, { abort }));
  abort.abort('a string reason');
  const error = await answer.text().catch((e: unknown) => e);
  t.equal((error as Error).name, 'AbortError');
});

t.test('a body past the limit is refused and the connection dropped, compressed or not', async (t) => {
  const big = Buffer.alloc(4096, 0x20);
  for (const encoding of ['identity', 'gzip']) {
    const url = await server(t, (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
      response.end(encoding === 'gzip' ? gzipSync(big) : big);
    });
    const error = await (await send(exchange(url, { maxBytes: 1024 }))).text().catch((e: unknown) => e);
    t.type(error, BodyTooLargeError, encoding);
    t.equal((error as BodyTooLargeError).maxBytes, 1024);
  }
  const url = await server(t, (_request, response) => response.end(Buffer.alloc(1024, 0x20)));
  t.equal((await (await send(exchange(url, { maxBytes: 1024 }))).text()).length, 1024, 'exactly the limit is read');
});

t.test('a refused connection rejects send with the network error code', async (t) => {
  const url = await server(t, (_request, response) => response.end());
  const port = url.port;
  const closed = new URL(url);
  await new Promise<void>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      closed.port = String((probe.address() as AddressInfo).port);
      probe.close(() => resolve());
    });
  });
  t.not(closed.port, port);
  const error = await send(exchange(closed)).catch((e: unknown) => e);
  t.equal((error as NodeJS.ErrnoException).code, 'ECONNREFUSED');
});

t.test('a target keeps the base URL\'s path and port, and takes an IPv6 host without brackets', async (t) => {
  t.same(targetFor('https://ha.example.com', '/api/states'), { protocol: 'https:', hostname: 'ha.example.com', port: '', path: '/api/states' });
  t.same(targetFor('http://10.0.0.5:8123/ha/', '/api/'), { protocol: 'http:', hostname: '10.0.0.5', port: '8123', path: '/ha/api/' });
  t.same(targetFor('http://[::1]:8123', '/api/config'), { protocol: 'http:', hostname: '::1', port: '8123', path: '/api/config' });
  t.equal(targetFor('https://ha.example.com', '/api/').hostname, 'ha.example.com', 'a second base does not disturb the first');
});

t.test('a request reaches an IPv6 loopback Home Assistant and a base URL with a path', async (t) => {
  const paths: string[] = [];
  const http = createServer((request, response) => {
    paths.push(request.url ?? '');
    response.end('{}');
  });
  const listening = await new Promise<boolean>((resolve) => {
    http.once('error', () => resolve(false));
    http.listen(0, '::1', () => resolve(true));
  });
  if (!listening) {
    t.comment('no IPv6 loopback on this machine: skipped');
    return;
  }
  t.teardown(() => http.close());
  const port = (http.address() as AddressInfo).port;
  const answer = await send({ method: 'GET', target: targetFor(`http://[::1]:${port}/proxy`, '/api/'), headers: {}, agent, abort: manualAbort(), maxBytes: 1024 });
  t.equal(await answer.text(), '{}');
  t.same(paths, ['/proxy/api/']);
});
