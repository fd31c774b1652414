/**
 * Typed Home Assistant failures. Each message names the request path and the likely fix, and never
 * the token. The Alexa boundaries map these kinds to Alexa errors or spoken replies.
 */
export type HaErrorKind = 'unreachable' | 'auth' | 'not_found' | 'bad_request' | 'server' | 'protocol' | 'circuit_open';

export abstract class HomeAssistantError extends Error {
  abstract readonly kind: HaErrorKind;
  readonly path: string;
  readonly status: number | undefined;

  constructor(message: string, path: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.path = path;
    this.status = status;
  }
}

export type UnreachableReason = 'dns' | 'refused' | 'tls' | 'timeout' | 'reset' | 'network';

export class HaUnreachableError extends HomeAssistantError {
  readonly kind = 'unreachable';
  readonly reason: UnreachableReason;
  constructor(message: string, path: string, reason: UnreachableReason, options?: ErrorOptions) {
    super(message, path, undefined, options);
    this.name = 'HaUnreachableError';
    this.reason = reason;
  }
}

export class HaAuthError extends HomeAssistantError {
  readonly kind = 'auth';
  constructor(message: string, path: string, status: number) {
    super(message, path, status);
    this.name = 'HaAuthError';
  }
}

export class HaNotFoundError extends HomeAssistantError {
  readonly kind = 'not_found';
  constructor(message: string, path: string) {
    super(message, path, 404);
    this.name = 'HaNotFoundError';
  }
}

export class HaBadRequestError extends HomeAssistantError {
  readonly kind = 'bad_request';
  constructor(message: string, path: string, status: number) {
    super(message, path, status);
    this.name = 'HaBadRequestError';
  }
}

export class HaServerError extends HomeAssistantError {
  readonly kind = 'server';
  constructor(message: string, path: string, status: number) {
    super(message, path, status);
    this.name = 'HaServerError';
  }
}

/** A non-JSON answer: an HTML login or challenge page (Cloudflare, a reverse proxy), or broken JSON. */
export class HaProtocolError extends HomeAssistantError {
  readonly kind = 'protocol';
  readonly challenge: boolean;
  constructor(message: string, path: string, status: number, challenge: boolean) {
    super(message, path, status);
    this.name = 'HaProtocolError';
    this.challenge = challenge;
  }
}

export class HaCircuitOpenError extends HomeAssistantError {
  readonly kind = 'circuit_open';
  readonly retryInMs: number;
  constructor(path: string, retryInMs: number) {
    super(
      `Skipped ${path}: Home Assistant failed repeatedly, so calls pause for ${Math.ceil(retryInMs / 1000)} s (circuit open) before one probe is let through`,
      path,
    );
    this.name = 'HaCircuitOpenError';
    this.retryInMs = retryInMs;
  }
}

/**
 * Why a deadline's signal aborts when its invocation has answered while calls were still running:
 * the bridge gave up on them, so they say nothing about Home Assistant's health.
 */
export class AbandonedCallError extends Error {
  constructor() {
    super('the invocation answered without waiting for this call');
    this.name = 'AbandonedCallError';
  }
}

export function isHomeAssistantError(error: unknown): error is HomeAssistantError {
  return error instanceof HomeAssistantError;
}
