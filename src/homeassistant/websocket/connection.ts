/**
 * A minimal RFC 6455 WebSocket client over `node:http` / `node:https`: the opening handshake with its
 * `Sec-WebSocket-Accept` check, then text messages in and out, pings answered, and a clean close.
 *
 * Node's built-in `WebSocket` (undici) cannot trust a private CA or skip verification per connection,
 * which `HA_CA_BUNDLE` and `HA_VERIFY_SSL=false` need, and loading it costs ~30 ms of a cold start
 * (../shared/docs/proactive-events-design.md §1.6); this one takes the Home Assistant connection's own
 * TLS settings, on this request only, and never anything process-wide.
 * @see https://www.rfc-editor.org/rfc/rfc6455
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TlsOptions } from '../agent.js';
import type { HttpTarget } from '../http.js';
import type { Abortable } from '../types.js';
import { builtins } from './builtins.js';
import { encodeFrame, FrameReader, OPCODE, WebSocketProtocolError, type Incoming } from './frames.js';

/** §1.3: the GUID the server appends to the key before hashing it into `Sec-WebSocket-Accept`. */
const ACCEPT_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface WebSocketOptions {
  /** `http:` or `https:` (the Home Assistant URL's scheme; the upgrade makes it `ws:` / `wss:`). */
  readonly target: HttpTarget;
  /** The Home Assistant connection's TLS options (`tlsOptionsFor`), for an `https:` target. */
  readonly tls: TlsOptions;
  /** The invocation's deadline: aborting destroys the connection wherever it is. */
  readonly abort: Abortable;
  readonly maxMessageBytes: number;
  /** Extra request headers of the upgrade (a Cloudflare Access service token); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Why the connection failed, for the caller's message (never holds a token). */
export type WebSocketFailure = 'handshake' | 'network' | 'tls' | 'timeout' | 'protocol' | 'closed';

export class WebSocketError extends Error {
  constructor(
    message: string,
    readonly reason: WebSocketFailure,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'WebSocketError';
  }
}

/** `Sec-WebSocket-Accept` for a key (§4.2.2). */
export function acceptFor(key: string): string {
  return builtins().crypto.createHash('sha1').update(key + ACCEPT_GUID).digest('base64');
}

/** Opens the connection; resolves once the server accepted the upgrade. */
export function openWebSocket(options: WebSocketOptions): Promise<WebSocketConnection> {
  const { target, abort } = options;
  const { crypto, http, https } = builtins();
  const key = crypto.randomBytes(16).toString('base64');
  const secure = target.protocol === 'https:';
  return new Promise<WebSocketConnection>((resolve, reject) => {
    if (abort.abortReason !== undefined) {
      reject(timeoutError());
      return;
    }
    const request = (secure ? https.request : http.request)({
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port === '' ? {} : { port: Number(target.port) }),
      path: target.path,
      method: 'GET',
      // Its own socket: an upgraded connection never goes back to a keep-alive pool.
      agent: false,
      ...(secure ? options.tls : {}),
      headers: {
        ...options.headers,
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': key,
      },
    });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      stopListening();
      request.destroy();
      reject(error);
    };
    const stopListening = abort.onAbort(() => fail(timeoutError()));
    request.on('error', (error) => fail(classify(error, abort)));
    request.on('response', (response: IncomingMessage) => {
      response.resume();
      fail(new WebSocketError(`the server answered HTTP ${response.statusCode ?? 0} instead of switching to WebSocket (a reverse proxy in front of Home Assistant must pass the Upgrade header for /api/websocket)`, 'handshake'));
    });
    request.on('upgrade', (response: IncomingMessage, socket: Socket, head: Buffer) => {
      if (settled) {
        socket.destroy();
        return;
      }
      const problem = checkHandshake(response, key);
      if (problem !== undefined) {
        socket.destroy();
        fail(new WebSocketError(`the WebSocket handshake failed: ${problem}`, 'handshake'));
        return;
      }
      settled = true;
      stopListening();
      resolve(new WebSocketConnection(socket, head, options));
    });
    request.end();
  });
}

/** What is wrong with a 101 answer, or undefined when it is right (§4.1, client requirements 1–6). */
function checkHandshake(response: IncomingMessage, key: string): string | undefined {
  if (response.statusCode !== 101) return `status ${response.statusCode ?? 0} instead of 101`;
  if (response.headers.upgrade?.toLowerCase() !== 'websocket') return 'the Upgrade header is not "websocket"';
  if (!/(^|,)\s*upgrade\s*(,|$)/i.test(response.headers.connection ?? '')) return 'the Connection header does not say "Upgrade"';
  if (response.headers['sec-websocket-accept'] !== acceptFor(key)) return 'Sec-WebSocket-Accept does not match the key sent';
  if (response.headers['sec-websocket-extensions'] !== undefined) return 'the server chose an extension that was not offered';
  if (response.headers['sec-websocket-protocol'] !== undefined) return 'the server chose a subprotocol that was not offered';
  return undefined;
}

/**
 * An open connection. Messages are queued until {@link receive} takes them; the first failure
 * (protocol error, closed socket, deadline) rejects every pending and later receive.
 */
export class WebSocketConnection {
  readonly #socket: Socket;
  readonly #reader: FrameReader;
  readonly #queue: string[] = [];
  #waiter: { resolve: (text: string) => void; reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;
  #closeSent = false;
  readonly #stopListening: () => void;
  readonly #closed: Promise<void>;

  constructor(socket: Socket, head: Buffer, options: WebSocketOptions) {
    this.#socket = socket;
    this.#reader = new FrameReader(options.maxMessageBytes);
    socket.setNoDelay(true);
    this.#closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    this.#stopListening = options.abort.onAbort(() => this.#fail(timeoutError()));
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error: Error) => this.#fail(classify(error, options.abort)));
    socket.on('close', () => {
      this.#stopListening();
      this.#fail(new WebSocketError('Home Assistant closed the WebSocket connection', 'closed'));
    });
    if (head.length > 0) this.#onData(head);
  }

  /** Sends one text message. */
  send(text: string): void {
    if (this.#failure !== undefined || this.#closeSent) return;
    this.#socket.write(encodeFrame(OPCODE.text, Buffer.from(text, 'utf8')));
  }

  /** The next text message. */
  receive(): Promise<string> {
    const next = this.#queue.shift();
    if (next !== undefined) return Promise.resolve(next);
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise<string>((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /**
   * Sends a close frame (1000) and ends the socket; resolves once it is closed. The server's close
   * frame is not awaited beyond a short grace: nothing more is wanted from it.
   */
  async close(): Promise<void> {
    if (!this.#closeSent && this.#failure === undefined && !this.#socket.destroyed) {
      this.#closeSent = true;
      const code = Buffer.alloc(2);
      code.writeUInt16BE(1000, 0);
      this.#socket.end(encodeFrame(OPCODE.close, code));
    }
    const grace = setTimeout(() => this.#socket.destroy(), 250);
    grace.unref();
    await this.#closed;
    clearTimeout(grace);
  }

  #onData(chunk: Buffer): void {
    let messages: Incoming[];
    try {
      messages = this.#reader.push(chunk);
    } catch (error) {
      const problem = error instanceof WebSocketProtocolError ? error : new WebSocketProtocolError(String(error), 1002);
      this.#sendClose(problem.closeCode);
      this.#fail(new WebSocketError(problem.message, 'protocol'));
      return;
    }
    for (const message of messages) {
      if (message.kind === 'text') this.#deliver(message.text);
      else if (message.kind === 'ping') {
        if (!this.#closeSent) this.#socket.write(encodeFrame(OPCODE.pong, message.payload));
      } else if (message.kind === 'close') {
        // §5.5.1: answer a close with a close, then the server closes the TCP connection.
        this.#sendClose(message.code ?? 1000);
        this.#fail(new WebSocketError(`Home Assistant closed the WebSocket connection (${message.code ?? 'no code'}${message.reason === '' ? '' : `: ${message.reason.slice(0, 120)}`})`, 'closed'));
        return;
      }
    }
  }

  #deliver(text: string): void {
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve(text);
    } else this.#queue.push(text);
  }

  #sendClose(code: number): void {
    if (this.#closeSent || this.#socket.destroyed) return;
    this.#closeSent = true;
    const body = Buffer.alloc(2);
    body.writeUInt16BE(code, 0);
    this.#socket.end(encodeFrame(OPCODE.close, body));
  }

  #fail(error: Error): void {
    if (this.#failure === undefined) this.#failure = error;
    if (error instanceof WebSocketError && error.reason !== 'closed') this.#socket.destroy();
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.reject(this.#failure);
    }
  }
}

function timeoutError(): WebSocketError {
  return new WebSocketError('no answer before the invocation\'s deadline', 'timeout');
}

function classify(error: Error, abort: Abortable): WebSocketError {
  if (error instanceof WebSocketError) return error;
  if (abort.abortReason !== undefined) return timeoutError();
  const code = String((error as NodeJS.ErrnoException).code ?? '');
  const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate/i.test(error.message);
  const detail = code === '' ? error.message.slice(0, 120) : code;
  return tls
    ? new WebSocketError(`TLS failed (${detail}): use a publicly trusted certificate, or put your CA in HA_CA_BUNDLE`, 'tls', { cause: error })
    : new WebSocketError(`network error (${detail})`, 'network', { cause: error });
}
