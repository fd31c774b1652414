import type { RequestContext } from '../../../gateway/context.js';
import { smartHomeFailure } from '../index.js';

/** Temporary contract version; replaced by the native translator. */
export async function handleNativeDirective(event: unknown, ctx: RequestContext): Promise<unknown> {
  ctx.invocation.operation = 'smart-home';
  return smartHomeFailure(event, 'INVALID_DIRECTIVE', 'not implemented yet');
}
