import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../gateway/context.js';
import { loadNativeTranslator } from '../../lazy.js';

/** Temporary contract version; replaced by the full Smart Home module. */
export function smartHomeFailure(event: unknown, type: string, message: string): unknown {
  const directive = (event as { directive?: { header?: { correlationToken?: unknown }; endpoint?: { endpointId?: unknown } } }).directive;
  const header: Record<string, unknown> = { namespace: 'Alexa', name: 'ErrorResponse', messageId: randomUUID(), payloadVersion: '3' };
  if (typeof directive?.header?.correlationToken === 'string') header.correlationToken = directive.header.correlationToken;
  const body: Record<string, unknown> = { header, payload: { type, message } };
  if (typeof directive?.endpoint?.endpointId === 'string') body.endpoint = { endpointId: directive.endpoint.endpointId };
  return { event: body };
}

export async function handleSmartHome(event: unknown, ctx: RequestContext): Promise<unknown> {
  const native = await loadNativeTranslator();
  return native.handleNativeDirective(event, ctx);
}
