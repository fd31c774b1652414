/**
 * Unit tests for src/homeassistant/client.ts over real loopback sockets (no msw): refused
 * connections, a reset keep-alive socket (GET retried once, POST never), DNS failure, TLS, and
 * answers too large to hold (a gzip bomb, a huge JSON body).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import t, { type Test } from 'tap';
import { createDeadline } from '../../src/gateway/deadline.js';
import { MAX_BODY_BYTES } from '../../src/homeassistant/client.js';
import { HaProtocolError, HaUnreachableError, HomeAssistantClient, resetBreakers } from '../../src/homeassistant/index.js';

function client(baseUrl: string, options: { verifySsl?: boolean; caBundle?: string } = {}): HomeAssistantClient {
  const deadline = createDeadline(2_000);
  t.teardown(() => deadline.dispose());
  return new HomeAssistantClient({
    baseUrl,
    token: 'network-test-token-123456',
    deadline,
    verifySsl: options.verifySsl ?? true,
    caBundle: options.caBundle,
    cacheTtlSeconds: 0,
    circuitFailureThreshold: 100,
    circuitCooldownSeconds: 1,
  });
}

t.beforeEach(() => resetBreakers());

/** A raw server that resets the first `resets` connections, then answers JSON. */
async function flakyServer(resets: number): Promise<{ url: string; connections: () => number; close: () => void }> {
  let seen = 0;
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    seen += 1;
    if (seen <= resets) {
      socket.once('data', () => socket.resetAndDestroy());
      return;
    }
    socket.once('data', () => {
      const body = '[]';
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => seen,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

t.test('a refused connection is unreachable, with a hint about the port', async (t) => {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const error = await client(`http://127.0.0.1:${port}`).getStates().catch((e: unknown) => e);
  t.type(error, HaUnreachableError);
  t.equal((error as HaUnreachableError).reason, 'refused');
  t.match((error as Error).message, /refused the connection: check the port/);
});

t.test('an unknown host is a DNS failure naming HOME_ASSISTANT_URL', async (t) => {
  const error = await client('http://ha.invalid').getStates().catch((e: unknown) => e);
  t.type(error, HaUnreachableError);
  t.equal((error as HaUnreachableError).reason, 'dns');
  t.match((error as Error).message, /does not resolve: check HOME_ASSISTANT_URL/);
});

t.test('a GET whose connection is reset is retried once and succeeds', async (t) => {
  const server = await flakyServer(1);
  t.teardown(server.close);
  t.same(await client(server.url).getStates(), []);
  t.equal(server.connections(), 2, 'one reset, one retry');
});

t.test('a GET reset twice fails after one retry', async (t) => {
  const server = await flakyServer(5);
  t.teardown(server.close);
  const error = await client(server.url).getStates().catch((e: unknown) => e);
  t.type(error, HaUnreachableError);
  t.equal((error as HaUnreachableError).reason, 'reset');
  t.equal(server.connections(), 2);
});

t.test('a POST (a command) is never retried: it might have run', async (t) => {
  const server = await flakyServer(1);
  t.teardown(server.close);
  await t.rejects(client(server.url).callService('light', 'turn_on', { entity_id: 'light.kitchen' }), HaUnreachableError);
  t.equal(server.connections(), 1);
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

t.test('TLS: a self-signed certificate is refused by default, trusted through HA_CA_BUNDLE, or accepted with verification off', { skip: hasOpenssl ? false : 'openssl is not installed: TLS test skipped' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ha-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"message":"API running."}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const refused = await client(url).ping().catch((e: unknown) => e);
  t.type(refused, HaUnreachableError);
  t.equal((refused as HaUnreachableError).reason, 'tls');
  t.match((refused as Error).message, /put your CA in HA_CA_BUNDLE/);
  t.equal(await client(url, { caBundle: cert }).ping(), 200, 'trusted through the CA bundle');
  t.equal(await client(url, { verifySsl: false }).ping(), 200, 'accepted with HA_VERIFY_SSL=false');
  t.equal(process.env.NODE_TLS_REJECT_UNAUTHORIZED, undefined, 'the process-wide TLS setting is never touched');
});

/** A loopback HTTP server for one test, closed (with its sockets) when the test ends. */
async function httpServer(t: Test, listener: RequestListener): Promise<string> {
  const server = createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** `size` bytes of zeros, gzipped in 1 MiB steps so the test never holds them at once. */
async function gzipBomb(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => parts.push(chunk));
  const done = new Promise<void>((resolve, reject) => gzip.on('end', resolve).on('error', reject));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += zeros.length) {
    if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(parts);
}

t.test('a gzip bomb is cut off at the body limit instead of filling the memory', async (t) => {
  const bomb = await gzipBomb(512 * 1024 * 1024);
  t.ok(bomb.length < 1024 * 1024, `the bomb is ${Math.round(bomb.length / 1024)} KiB on the wire`);
  const url = await httpServer(t, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
    response.end(bomb);
  });
  const rssBefore = process.memoryUsage().rss;
  const error = await client(url).getStates().catch((e: unknown) => e);
  const grewMb = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  t.comment(`RSS grew by ${grewMb.toFixed(0)} MB reading a 512 MiB gzip bomb`);
  t.type(error, HaProtocolError);
  t.match((error as Error).message, /^\/api\/states: Home Assistant's answer is larger than the 16 MiB limit/);
  t.ok(grewMb < 200, 'the decompressed body was never held whole');
});

t.test('a JSON answer over the limit without compression is refused the same way', async (t) => {
  const huge = Buffer.alloc(MAX_BODY_BYTES + 1024, 0x20);
  huge[0] = 0x5b;
  huge[huge.length - 1] = 0x5d;
  const url = await httpServer(t, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(huge);
  });
  const error = await client(url).getStates().catch((e: unknown) => e);
  t.type(error, HaProtocolError);
  t.match((error as Error).message, /larger than the 16 MiB limit/);
});
