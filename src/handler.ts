/**
 * Lambda entry point (`index.handler` on `nodejs24.x`): async only, thin, never throws.
 *
 * @example
 * // Lambda test event for discovery, using the stored token:
 * // {"directive":{"header":{"namespace":"Alexa.Discovery","name":"Discover","payloadVersion":"3","messageId":"1"},"payload":{}}}
 */
import { lugsEnabledAtInit } from './config/index.js';
import { route, type LambdaContextLike } from './gateway/route.js';
import { preloadAll } from './lazy.js';

if (!lugsEnabledAtInit()) {
  // LUGS off: pay for every chunk during init instead of on first use.
  await preloadAll().catch((error: unknown) => {
    process.stdout.write(`${JSON.stringify({ level: 'error', message: 'Preloading modules failed', error: String(error).slice(0, 200) })}\n`);
  });
}

export async function handler(event: unknown, context?: LambdaContextLike): Promise<unknown> {
  return route(event, context);
}
