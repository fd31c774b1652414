/**
 * RFC 6455 framing, client side: masked frames out, unmasked frames in, reassembled into whole text
 * messages. Only what talking to Home Assistant needs: text messages (with continuation frames),
 * ping/pong and close. No extensions are offered, so a frame with an RSV bit set is a protocol error.
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-5
 */
import { builtins } from './builtins.js';

/** §5.2 opcodes. */
export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** A close status code (§7.4.1) the peer is told, with the reason for our own error message. */
export class WebSocketProtocolError extends Error {
  constructor(
    message: string,
    readonly closeCode: number,
  ) {
    super(message);
    this.name = 'WebSocketProtocolError';
  }
}

/** One client frame: FIN set, masked with a fresh random key (§5.3). */
export function encodeFrame(opcode: number, payload: Buffer, mask: Buffer = builtins().crypto.randomBytes(4)): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + 4 + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = 0x80 | length;
  else if (length < 65_536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  mask.copy(frame, headerLength);
  const body = headerLength + 4;
  for (let i = 0; i < length; i += 1) frame[body + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

/** What the reader hands on: a whole text message, a control frame, or nothing yet. */
export type Incoming =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'ping'; readonly payload: Buffer }
  | { readonly kind: 'pong' }
  | { readonly kind: 'close'; readonly code: number | undefined; readonly reason: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses the bytes a server sends into messages. `push` may be given any slice of the stream; it
 * returns every message completed by it and throws {@link WebSocketProtocolError} at the first
 * violation (the connection must then be failed, §7.1.7).
 */
export class FrameReader {
  /** Bytes received and not parsed yet, kept as chunks until the next frame is complete (no copy per chunk). */
  #chunks: Buffer[] = [];
  #available = 0;
  /** Bytes the next frame needs before parsing is worth a try. */
  #needed = 2;
  /** Fragments of the text message being reassembled (§5.4), and their size. */
  #fragments: Buffer[] = [];
  #fragmentBytes = 0;
  #inMessage = false;

  constructor(readonly maxMessageBytes: number) {}

  push(chunk: Buffer): Incoming[] {
    this.#chunks.push(chunk);
    this.#available += chunk.length;
    const out: Incoming[] = [];
    while (this.#available >= this.#needed) {
      const frame = this.#nextFrame();
      if (frame === undefined) return out;
      const message = this.#handle(frame.fin, frame.opcode, frame.payload);
      if (message !== undefined) out.push(message);
      if (message?.kind === 'close') return out;
    }
    return out;
  }

  /** The buffered bytes as one buffer (concatenated only once a frame can be complete). */
  #joined(): Buffer {
    if (this.#chunks.length > 1) this.#chunks = [Buffer.concat(this.#chunks, this.#available)];
    return this.#chunks[0] ?? Buffer.alloc(0);
  }

  #waitFor(bytes: number): undefined {
    this.#needed = bytes;
    return undefined;
  }

  #nextFrame(): { fin: boolean; opcode: number; payload: Buffer } | undefined {
    const buffer = this.#joined();
    if (buffer.length < 2) return this.#waitFor(2);
    const first = buffer[0]!;
    const second = buffer[1]!;
    if ((first & 0x70) !== 0) throw new WebSocketProtocolError('Home Assistant sent a frame with reserved bits set (no extension was negotiated)', 1002);
    if ((second & 0x80) !== 0) throw new WebSocketProtocolError('Home Assistant sent a masked frame (a server must not mask, RFC 6455 §5.1)', 1002);
    const opcode = first & 0x0f;
    const fin = (first & 0x80) !== 0;
    let length = second & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (buffer.length < 4) return this.#waitFor(4);
      length = buffer.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (buffer.length < 10) return this.#waitFor(10);
      const long = buffer.readBigUInt64BE(2);
      if (long > BigInt(this.maxMessageBytes)) throw this.#tooLarge();
      length = Number(long);
      offset = 10;
    }
    if (opcode >= 0x8) {
      if (!fin || length > 125) throw new WebSocketProtocolError('Home Assistant sent a fragmented or oversized control frame (RFC 6455 §5.5)', 1002);
    } else if (this.#fragmentBytes + length > this.maxMessageBytes) throw this.#tooLarge();
    if (buffer.length < offset + length) return this.#waitFor(offset + length);
    const payload = buffer.subarray(offset, offset + length);
    const rest = buffer.subarray(offset + length);
    this.#chunks = rest.length === 0 ? [] : [rest];
    this.#available = rest.length;
    this.#needed = 2;
    return { fin, opcode, payload };
  }

  #handle(fin: boolean, opcode: number, payload: Buffer): Incoming | undefined {
    switch (opcode) {
      case OPCODE.text:
      case OPCODE.continuation: {
        if (opcode === OPCODE.text && this.#inMessage) throw new WebSocketProtocolError('Home Assistant started a new message before finishing the previous one', 1002);
        if (opcode === OPCODE.continuation && !this.#inMessage) throw new WebSocketProtocolError('Home Assistant sent a continuation frame outside a message', 1002);
        // Copied: the payload is a view of a buffer that later chunks replace.
        this.#fragments.push(Buffer.from(payload));
        this.#fragmentBytes += payload.length;
        this.#inMessage = !fin;
        if (!fin) return undefined;
        const whole = this.#fragments.length === 1 ? this.#fragments[0]! : Buffer.concat(this.#fragments, this.#fragmentBytes);
        this.#fragments = [];
        this.#fragmentBytes = 0;
        return { kind: 'text', text: decodeUtf8(whole) };
      }
      case OPCODE.ping:
        return { kind: 'ping', payload: Buffer.from(payload) };
      case OPCODE.pong:
        return { kind: 'pong' };
      case OPCODE.close: {
        if (payload.length === 1) throw new WebSocketProtocolError('Home Assistant sent a close frame with a 1-byte body', 1002);
        return { kind: 'close', code: payload.length >= 2 ? payload.readUInt16BE(0) : undefined, reason: payload.length > 2 ? decodeUtf8(payload.subarray(2)) : '' };
      }
      case OPCODE.binary:
        throw new WebSocketProtocolError('Home Assistant sent a binary message; its WebSocket API speaks JSON text', 1003);
      default:
        throw new WebSocketProtocolError(`Home Assistant sent a frame with the unknown opcode ${opcode}`, 1002);
    }
  }

  #tooLarge(): WebSocketProtocolError {
    return new WebSocketProtocolError(`Home Assistant sent a message larger than the ${this.maxMessageBytes / 1024 / 1024} MiB limit`, 1009);
  }
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new WebSocketProtocolError('Home Assistant sent text that is not valid UTF-8', 1007);
  }
}
