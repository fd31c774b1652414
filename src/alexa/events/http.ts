/**
 * The events code's HTTP: one POST to Login with Amazon or the event gateway over `node:https`
 * (`node:http` for the loopback test seams), bounded by the invocation's deadline and a per-call
 * timeout. Not the Home Assistant client's exchange (`src/homeassistant/http.ts`): sharing it put that
 * module in a chunk of its own, one more file for every cold start to read with events off; Amazon's
 * answers need none of its decompression or size accounting beyond a cap.
 */
import http from 'node:http';
import https from 'node:https';
import type { Abortable } from '../../homeassistant/types.js';

/** Amazon's answers are small; anything larger is not one of them. */
const MAX_ANSWER_BYTES = 64 * 1024;

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

export interface PostResult {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
}

/** Raised when the call got no answer: a network error, the per-call timeout or the invocation's deadline. */
export class NoAnswerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'NoAnswerError';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
}

/** POSTs `body` to `url`; resolves with any HTTP answer, rejects with {@link NoAnswerError}. */
export function post(url: string, headers: Readonly<Record<string, string>>, body: string, abort: Abortable, timeoutMs: number): Promise<PostResult> {
  const started = performance.now();
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  return new Promise<PostResult>((resolve, reject) => {
    const fail = (why: string): void => reject(new NoAnswerError(`${target.host} did not answer: ${why}`));
    if (abort.abortReason !== undefined) {
      fail(describe(abort.abortReason));
      return;
    }
    const request = (secure ? https : http).request(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        ...(target.port === '' ? {} : { port: Number(target.port) }),
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: secure ? agents.https : agents.http,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) request.destroy(new Error(`the answer is larger than ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(chunk);
        });
        incoming.once('end', () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
        incoming.once('error', (error) => fail(describe(error)));
      },
    );
    const timer = setTimeout(() => request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { name: 'TimeoutError' })), timeoutMs);
    const stop = abort.onAbort(() => request.destroy(abort.abortReason instanceof Error ? abort.abortReason : new Error('the invocation was aborted')));
    request.once('close', () => {
      clearTimeout(timer);
      stop();
    });
    request.on('error', (error) => fail(describe(error)));
    request.end(body);
  });
}
