/**
 * One authenticated session on Home Assistant's WebSocket API (`/api/websocket`): `auth_required` →
 * `auth` → `auth_ok`, then commands sent at once (pipelined) and their `result` messages matched by
 * `id`. Failures are {@link HaWebSocketError}s whose message names the cause and the fix, never the
 * token.
 * @see https://developers.home-assistant.io/docs/api/websocket/
 */
import type { TlsOptions } from '../agent.js';
import type { HttpTarget } from '../http.js';
import type { Abortable } from '../types.js';
import { openWebSocket, WebSocketError, type WebSocketConnection } from './connection.js';

/** Largest message read, like the REST client's largest answer (`MAX_BODY_BYTES`). */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

export type HaWebSocketFailure = 'auth' | 'admin' | 'unreachable' | 'timeout' | 'protocol' | 'command';

export class HaWebSocketError extends Error {
  constructor(
    message: string,
    readonly reason: HaWebSocketFailure,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'HaWebSocketError';
  }
}

export interface HaSessionOptions {
  /** `/api/websocket` under the Home Assistant URL (`targetFor(baseUrl, '/api/websocket')`). */
  readonly target: HttpTarget;
  /** Sent once, in the `auth` message; never logged or quoted. */
  readonly token: string;
  /** The REST connection's TLS options (`tlsOptionsFor`: `HA_VERIFY_SSL`, `HA_CA_BUNDLE`). */
  readonly tls: TlsOptions;
  /** The invocation's deadline. */
  readonly abort: Abortable;
  readonly maxMessageBytes?: number;
  /** Extra headers of the upgrade request (the REST calls' Cloudflare Access service token). */
  readonly headers?: Readonly<Record<string, string>>;
}

interface Pending {
  readonly type: string;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** Where Home Assistant serves its WebSocket API, under its base URL. */
export const PATH = '/api/websocket';

/** Opens and authenticates a session; the caller must {@link HaSession.close} it. */
export async function openHaSession(options: HaSessionOptions): Promise<HaSession> {
  let connection: WebSocketConnection;
  try {
    connection = await openWebSocket({
      target: options.target,
      tls: options.tls,
      abort: options.abort,
      maxMessageBytes: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    });
  } catch (error) {
    throw wrap(error);
  }
  try {
    const hello = parse(await connection.receive());
    if (hello.type !== 'auth_required') throw new HaWebSocketError(`${PATH}: expected auth_required first, got ${describeType(hello.type)}: is HOME_ASSISTANT_URL Home Assistant itself?`, 'protocol');
    connection.send(JSON.stringify({ type: 'auth', access_token: options.token }));
    const answer = parse(await connection.receive());
    if (answer.type === 'auth_invalid') {
      throw new HaWebSocketError(`${PATH}: Home Assistant refused the access token (auth_invalid): create a new long-lived access token (or relink the Alexa skill)`, 'auth');
    }
    if (answer.type !== 'auth_ok') throw new HaWebSocketError(`${PATH}: expected auth_ok, got ${describeType(answer.type)}`, 'protocol');
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw wrap(error);
  }
  return new HaSession(connection);
}

/** An authenticated session: {@link command} pipelines, {@link close} ends it. */
export class HaSession {
  readonly #connection: WebSocketConnection;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #reading = false;

  constructor(connection: WebSocketConnection) {
    this.#connection = connection;
  }

  /**
   * Sends `{"id", "type", ...fields}` at once and resolves with the `result` of its `result` message.
   * `{"success": false}` rejects: code `unauthorized` means the token's user is not an administrator.
   */
  command<T>(type: string, fields: Readonly<Record<string, unknown>> = {}): Promise<T> {
    const id = this.#nextId;
    this.#nextId += 1;
    const result = new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { type, resolve: (value) => resolve(value as T), reject });
    });
    this.#connection.send(JSON.stringify({ ...fields, id, type }));
    if (!this.#reading) void this.#read();
    return result;
  }

  /** Closes the connection (a close frame, then the socket); pending commands are rejected. */
  async close(): Promise<void> {
    await this.#connection.close();
  }

  async #read(): Promise<void> {
    this.#reading = true;
    try {
      while (this.#pending.size > 0) {
        const message = parse(await this.#connection.receive());
        const id = typeof message.id === 'number' ? message.id : undefined;
        const pending = id === undefined ? undefined : this.#pending.get(id);
        // Anything else (events of a subscription this session never made) is not ours.
        if (pending === undefined || id === undefined || message.type !== 'result') continue;
        this.#pending.delete(id);
        if (message.success === true) pending.resolve(message.result);
        else pending.reject(commandError(pending.type, message.error));
      }
    } catch (error) {
      const failure = wrap(error);
      for (const pending of this.#pending.values()) pending.reject(failure);
      this.#pending.clear();
    } finally {
      this.#reading = false;
    }
  }
}

function commandError(type: string, error: unknown): HaWebSocketError {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; message?: unknown };
  if (code === 'unauthorized') {
    return new HaWebSocketError(
      `${type}: Home Assistant refused it (unauthorized): the token must belong to an administrator, because reading the Expose settings requires one. Create the long-lived access token as an administrator user (or use HA_EXPOSURE=filter)`,
      'admin',
    );
  }
  const text = typeof message === 'string' ? message.slice(0, 160) : 'no message';
  return new HaWebSocketError(`${type}: Home Assistant answered an error (${typeof code === 'string' ? code.slice(0, 40) : 'no code'}: ${text})`, 'command');
}

interface HaMessage {
  readonly type?: unknown;
  readonly id?: unknown;
  readonly success?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
}

function parse(text: string): HaMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HaWebSocketError(`${PATH}: Home Assistant sent a message that is not JSON`, 'protocol');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HaWebSocketError(`${PATH}: Home Assistant sent a message that is not a JSON object`, 'protocol');
  return value;
}

function describeType(type: unknown): string {
  return typeof type === 'string' ? `"${type.slice(0, 40)}"` : 'a message without a type';
}

function wrap(error: unknown): HaWebSocketError {
  if (error instanceof HaWebSocketError) return error;
  if (error instanceof WebSocketError) {
    const reason: HaWebSocketFailure = error.reason === 'timeout' ? 'timeout' : error.reason === 'protocol' || error.reason === 'handshake' ? 'protocol' : 'unreachable';
    return new HaWebSocketError(`${PATH}: ${error.message}`, reason, { cause: error });
  }
  return new HaWebSocketError(`${PATH}: ${error instanceof Error ? error.message.slice(0, 160) : String(error)}`, 'protocol', { cause: error });
}
