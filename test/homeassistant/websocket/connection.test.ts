/**
 * Unit tests for src/homeassistant/websocket/frames.ts and connection.ts (the wire level of the
 * WebSocket client). Frames: client frames are masked as RFC 6455 §5.3 requires, and the reader
 * reassembles fragmented text, answers control frames and refuses every frame a server must not send
 * (§5.1, §5.2, §5.4, §5.5) and messages over the size cap. Connection, against a hand-written server
 * that sends raw bytes: the opening handshake is checked as §4.1 requires (status, Upgrade,
 * Sec-WebSocket-Accept, no unrequested extension or subprotocol), a malformed frame fails the
 * connection with a close frame, a server's close is answered, and pings are ponged.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import t, { type Test } from 'tap';
import { createDeadline } from '../../../src/gateway/deadline.js';
import { targetFor } from '../../../src/homeassistant/http.js';
import { acceptFor, openWebSocket, WebSocketError, type WebSocketConnection } from '../../../src/homeassistant/websocket/connection.js';
import { encodeFrame, FrameReader, OPCODE, WebSocketProtocolError } from '../../../src/homeassistant/websocket/frames.js';

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
  t.equal((await failure(connection.receive())).reason, 'timeout', 'given up at the deadline');
  await new Promise((resolve) => setTimeout(resolve, 30));
  t.ok(serverSide?.readableEnded === true || serverSide?.destroyed === true, 'the socket is gone');
});

/** A server frame (never masked): FIN, opcode, and the length in the shortest form. */
function serverFrame(opcode: number, payload: Buffer | string, options: { fin?: boolean; rsv?: number; masked?: boolean } = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const head = [((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode];
  const mask = options.masked === true ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (body.length < 126) head.push(mask | body.length);
  else if (body.length < 65_536) {
    head.push(mask | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(body.length);
  } else {
    head.push(mask | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(BigInt(body.length));
  }
  return Buffer.concat([Buffer.from(head), extended, options.masked === true ? Buffer.alloc(4) : Buffer.alloc(0), body]);
}

/** Decodes a client frame as a server would, unmasking it. */
function unmask(frame: Buffer): { fin: boolean; opcode: number; masked: boolean; payload: Buffer } {
  let length = frame[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    length = frame.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    length = Number(frame.readBigUInt64BE(2));
    offset = 10;
  }
  const mask = frame.subarray(offset, offset + 4);
  const payload = Buffer.from(frame.subarray(offset + 4, offset + 4 + length).map((byte, i) => byte ^ mask[i & 3]!));
  return { fin: (frame[0]! & 0x80) !== 0, opcode: frame[0]! & 0x0f, masked: (frame[1]! & 0x80) !== 0, payload };
}

t.test('client frames are masked, FIN set, with the length in its shortest form', async (t) => {
  for (const size of [0, 125, 126, 65_535, 65_536, 200_000]) {
    const payload = Buffer.alloc(size, 'x');
    const frame = encodeFrame(OPCODE.text, payload);
    const decoded = unmask(frame);
    t.ok(decoded.masked, `${size} bytes: masked`);
    t.ok(decoded.fin);
    t.equal(decoded.opcode, OPCODE.text);
    t.ok(decoded.payload.equals(payload), `${size} bytes: the payload survives masking`);
    const header = size < 126 ? 2 : size < 65_536 ? 4 : 10;
    t.equal(frame.length, header + 4 + size, `${size} bytes: ${header}-byte header`);
  }
  const a = encodeFrame(OPCODE.text, Buffer.from('same'));
  const b = encodeFrame(OPCODE.text, Buffer.from('same'));
  t.not(a.subarray(2, 6).toString('hex'), b.subarray(2, 6).toString('hex'), 'a fresh masking key per frame');
});

t.test('a message split into fragments and into arbitrary chunks is reassembled once', async (t) => {
  const text = JSON.stringify({ id: 1, type: 'result', success: true, result: ['ü', 'x'.repeat(70_000)] });
  const bytes = Buffer.concat([
    serverFrame(OPCODE.text, text.slice(0, 10), { fin: false }),
    serverFrame(OPCODE.ping, 'p'),
    serverFrame(OPCODE.continuation, text.slice(10, 40_000), { fin: false }),
    serverFrame(OPCODE.continuation, text.slice(40_000)),
  ]);
  const reader = new FrameReader(1024 * 1024);
  const out = [];
  for (let i = 0; i < bytes.length; i += 777) out.push(...reader.push(bytes.subarray(i, i + 777)));
  t.same(out.map((message) => message.kind), ['ping', 'text'], 'a control frame may come between fragments (§5.4)');
  t.equal(out[1]?.kind === 'text' ? out[1].text : '', text);
});

t.test('close frames give their code and reason', async (t) => {
  const body = Buffer.concat([Buffer.from([0x03, 0xe8]), Buffer.from('bye')]);
  t.same(new FrameReader(100).push(serverFrame(OPCODE.close, body)), [{ kind: 'close', code: 1000, reason: 'bye' }]);
  t.same(new FrameReader(100).push(serverFrame(OPCODE.close, Buffer.alloc(0))), [{ kind: 'close', code: undefined, reason: '' }]);
  t.same(new FrameReader(100).push(serverFrame(OPCODE.pong, 'x')), [{ kind: 'pong' }]);
});

t.test('frames a server must not send are refused with the close code to send back', async (t) => {
  const cases: [string, Buffer, number][] = [
    ['masked server frame', serverFrame(OPCODE.text, '{}', { masked: true }), 1002],
    ['reserved bit without an extension', serverFrame(OPCODE.text, '{}', { rsv: 4 }), 1002],
    ['unknown opcode', serverFrame(0x3, 'x'), 1002],
    ['binary message', serverFrame(OPCODE.binary, 'x'), 1003],
    ['fragmented ping', serverFrame(OPCODE.ping, 'x', { fin: false }), 1002],
    ['control frame over 125 bytes', serverFrame(OPCODE.ping, Buffer.alloc(126)), 1002],
    ['continuation outside a message', serverFrame(OPCODE.continuation, 'x'), 1002],
    ['new message inside a fragmented one', Buffer.concat([serverFrame(OPCODE.text, 'a', { fin: false }), serverFrame(OPCODE.text, 'b')]), 1002],
    ['invalid UTF-8', serverFrame(OPCODE.text, Buffer.from([0xc3, 0x28])), 1007],
    ['close frame with a 1-byte body', serverFrame(OPCODE.close, Buffer.from([3])), 1002],
  ];
  for (const [name, bytes, code] of cases) {
    let thrown: unknown;
    try {
      new FrameReader(1024).push(bytes);
    } catch (error) {
      thrown = error;
    }
    t.ok(thrown instanceof WebSocketProtocolError, `${name}: refused`);
    t.equal((thrown as WebSocketProtocolError | undefined)?.closeCode, code, `${name}: close code ${code}`);
  }
});

t.test('a message over the cap is refused from its header, before its bytes arrive', async (t) => {
  const reader = new FrameReader(1000);
  const header = serverFrame(OPCODE.text, Buffer.alloc(70_000)).subarray(0, 10);
  t.throws(() => reader.push(header), new WebSocketProtocolError('Home Assistant sent a message larger than the 0.00095367431640625 MiB limit', 1009));
  const fragmented = new FrameReader(1000);
  fragmented.push(serverFrame(OPCODE.text, Buffer.alloc(600, 'a'), { fin: false }));
  t.throws(() => fragmented.push(serverFrame(OPCODE.continuation, Buffer.alloc(600, 'a'))), /larger than/, 'counted over the fragments');
});
