/**
 * Unit tests for src/homeassistant/websocket/frames.ts: client frames are masked as RFC 6455 §5.3
 * requires, and the reader reassembles fragmented text, answers control frames and refuses every
 * frame a server must not send (§5.1, §5.2, §5.4, §5.5), and messages over the size cap.
 */
import t from 'tap';
import { encodeFrame, FrameReader, OPCODE, WebSocketProtocolError } from '../../../src/homeassistant/websocket/frames.js';

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
