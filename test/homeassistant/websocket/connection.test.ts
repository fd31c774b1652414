/**
 * Unit tests for src/homeassistant/websocket/connection.ts against a hand-written server that sends
 * raw bytes: the opening handshake is checked as RFC 6455 §4.1 requires (status, Upgrade, Connection,
 * Sec-WebSocket-Accept, no unrequested extension), a malformed frame fails the connection with a close
 * frame, a server's close is answered, and pings are ponged.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import t, { type Test } from 'tap';
import { createDeadline } from '../../../src/gateway/deadline.js';
import { targetFor } from '../../../src/homeassistant/http.js';
import { acceptFor, openWebSocket, WebSocketError, type WebSocketConnection } from '../../../src/homeassistant/websocket/connection.js';

type UpgradeHandler = (request: IncomingMessage, socket: Duplex, received: Buffer[]) => void;

/** A server whose upgrade handler writes what the test says; it records what the client sent. */
async function rawServer(t: Test, onUpgrade: UpgradeHandler): Promise<{ url: string; received: Buffer[] }> {
  const received: Buffer[] = [];
  const sockets = new Set<Duplex>();
  const server = createServer();
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => undefined);
    onUpgrade(request, socket, received);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function accepted(request: IncomingMessage, extra = ''): string {
  const key = String(request.headers['sec-websocket-key']);
  return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key)}\r\n${extra}\r\n`;
}

function textFrame(text: string): Buffer {
  const body = Buffer.from(text);
  return Buffer.concat([Buffer.from([0x81, body.length]), body]);
}

function open(t: Test, url: string, budgetMs = 1_000): Promise<WebSocketConnection> {
  const deadline = createDeadline(budgetMs);
  t.teardown(() => deadline.dispose());
  return openWebSocket({ target: targetFor(url, '/api/websocket'), tls: { rejectUnauthorized: true }, abort: deadline, maxMessageBytes: 1024 });
}

async function failure(promise: Promise<unknown>): Promise<WebSocketError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  if (error instanceof WebSocketError) return error;
  throw new Error(`expected a WebSocketError, got ${String(error)}`);
}

/** The opcodes of the client frames in `bytes` (each frame's first byte, walking masked lengths < 126). */
function clientOpcodes(bytes: Buffer): number[] {
  const opcodes: number[] = [];
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    opcodes.push(bytes[offset]! & 0x0f);
    offset += 2 + 4 + (bytes[offset + 1]! & 0x7f);
  }
  return opcodes;
}

t.test('the request asks for version 13 with a fresh 16-byte key; a correct answer opens the connection', async (t) => {
  let seen: IncomingMessage | undefined;
  const { url } = await rawServer(t, (request, socket) => {
    seen = request;
    socket.write(accepted(request));
    socket.write(textFrame('{"type":"auth_required"}'));
  });
  const connection = await open(t, url);
  t.equal(await connection.receive(), '{"type":"auth_required"}', 'a frame in the same packet as the 101 is not lost');
  t.equal(seen?.headers['sec-websocket-version'], '13');
  t.equal(Buffer.from(String(seen?.headers['sec-websocket-key']), 'base64').length, 16);
  t.equal(seen?.headers.upgrade, 'websocket');
  t.equal(seen?.headers.authorization, undefined, 'the token goes in the auth message, not a header');
  await connection.close();
});

t.test('a wrong handshake answer is refused, naming what is wrong', async (t) => {
  const cases: [string, (request: IncomingMessage) => string, RegExp][] = [
    ['wrong accept', () => 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBvbmU=\r\n\r\n', /Sec-WebSocket-Accept does not match/],
    ['unrequested extension', (request) => accepted(request, 'Sec-WebSocket-Extensions: permessage-deflate\r\n'), /extension that was not offered/],
    ['unrequested subprotocol', (request) => accepted(request, 'Sec-WebSocket-Protocol: chat\r\n'), /subprotocol that was not offered/],
    ['wrong upgrade', (request) => accepted(request).replace('Upgrade: websocket', 'Upgrade: h2c'), /Upgrade header is not "websocket"/],
  ];
  for (const [name, answer, pattern] of cases) {
    const { url } = await rawServer(t, (request, socket) => socket.write(answer(request)));
    const error = await failure(open(t, url));
    t.equal(error.reason, 'handshake', name);
    t.match(error.message, pattern, name);
  }
});

t.test('a malformed frame fails the connection and sends a close frame with the code', async (t) => {
  const { url, received } = await rawServer(t, (request, socket) => {
    socket.write(accepted(request));
    // A masked frame from the server (§5.1 forbids it).
    socket.write(Buffer.from([0x81, 0x82, 0, 0, 0, 0, 0x7b, 0x7d]));
  });
  const connection = await open(t, url);
  const error = await failure(connection.receive());
  t.equal(error.reason, 'protocol');
  t.match(error.message, /masked frame/);
  await new Promise((resolve) => setTimeout(resolve, 30));
  const sent = Buffer.concat(received);
  t.same(clientOpcodes(sent), [0x8], 'one close frame');
  const mask = sent.subarray(2, 6);
  t.equal(((sent[6]! ^ mask[0]!) << 8) | (sent[7]! ^ mask[1]!), 1002, 'status 1002 (protocol error)');
});

t.test('pings are answered with pongs; a server close is answered and ends the connection', async (t) => {
  const { url, received } = await rawServer(t, (request, socket) => {
    socket.write(accepted(request));
    socket.write(Buffer.from([0x89, 0x02, 0x68, 0x69]));
    setTimeout(() => socket.write(Buffer.concat([Buffer.from([0x88, 0x06, 0x03, 0xe9]), Buffer.from('away')])), 30);
  });
  const connection = await open(t, url);
  const error = await failure(connection.receive());
  t.equal(error.reason, 'closed');
  t.match(error.message, /closed the WebSocket connection \(1001: away\)/);
  await new Promise((resolve) => setTimeout(resolve, 30));
  const sent = Buffer.concat(received);
  t.same(clientOpcodes(sent), [0xa, 0x8], 'a pong, then the close answer');
  const mask = sent.subarray(2, 6);
  t.equal(Buffer.from([sent[6]! ^ mask[0]!, sent[7]! ^ mask[1]!]).toString(), 'hi', 'the pong echoes the ping');
});

t.test('a socket cut without a close fails pending receives', async (t) => {
  const { url } = await rawServer(t, (request, socket) => {
    socket.write(accepted(request));
    setTimeout(() => socket.destroy(), 20);
  });
  const connection = await open(t, url);
  t.equal((await failure(connection.receive())).reason, 'closed');
  t.equal((await failure(connection.receive())).reason, 'closed', 'and every later one');
});

t.test('the deadline ends an open connection and its socket', async (t) => {
  let serverSide: Duplex | undefined;
  const { url } = await rawServer(t, (request, socket) => {
    serverSide = socket;
    socket.write(accepted(request));
  });
  const connection = await open(t, url, 150);
  const started = Date.now();
  t.equal((await failure(connection.receive())).reason, 'timeout');
  t.ok(Date.now() - started < 1_000, 'at the deadline');
  await new Promise((resolve) => setTimeout(resolve, 30));
  t.ok(serverSide?.readableEnded === true || serverSide?.destroyed === true, 'the socket is gone');
});
