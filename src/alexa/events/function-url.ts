/**
 * Lambda Function URL events (payload format 2.0) and answers. Kept free of imports so the gateway
 * can classify an event without loading the events chunk.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
 */
export interface FunctionUrlEvent {
  readonly rawPath: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: { readonly http: { readonly method: string } };
}

export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** True for an invocation through a Function URL: `requestContext.http` and `rawPath` are set by Lambda. */
export function isFunctionUrlEvent(event: unknown): event is FunctionUrlEvent {
  if (typeof event !== 'object' || event === null) return false;
  const { rawPath, requestContext } = event as { rawPath?: unknown; requestContext?: { http?: { method?: unknown } } };
  return typeof rawPath === 'string' && typeof requestContext === 'object' && requestContext !== null && typeof requestContext.http?.method === 'string';
}

/** A JSON answer. */
export function urlAnswer(statusCode: number, body: Readonly<Record<string, unknown>>, headers: Readonly<Record<string, string>> = {}): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}
