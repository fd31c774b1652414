import { ScriptError } from '../shared/errors.js';

/** A response with its body parsed as JSON when it is JSON (else the text, or undefined when empty). */
export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * No answer: the host could not be reached, or did not answer before the request's `signal` gave up.
 * The request may or may not have been carried out.
 */
export class UnreachableError extends ScriptError {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/**
 * `fetch` that never throws a bare `TypeError: fetch failed`: an unreachable host (or one that does
 * not answer in time) becomes an {@link UnreachableError} naming the host and the setting that points at it.
 *
 * @param service e.g. `SMAPI (SMAPI_ENDPOINT)`, for the message
 */
export async function fetchJson(url: string, init: RequestInit, service: string): Promise<JsonResponse> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (err) {
    if ((err as { name?: string }).name === 'TimeoutError') throw new UnreachableError(`${service} at ${new URL(url).origin} did not answer in time`);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new UnreachableError(`cannot reach ${service} at ${new URL(url).origin}: ${cause?.code ?? cause?.message ?? String(err)}`);
  }
  const text = await response.text();
  let body: unknown = text === '' ? undefined : text;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // keep the text: the caller's error message shows it
    }
  }
  return { status: response.status, headers: response.headers, body };
}

/** A field of an unknown JSON body, when it is a string. */
export function stringField(body: unknown, key: string): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** Replaces every secret in a text with `<redacted>`, so a server echoing a value cannot leak it. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('<redacted>');
  return out;
}
