/**
 * The builtins the WebSocket client needs, taken with `process.getBuiltinModule` (Node >= 22.3) on
 * first use rather than imported. An import would make the bundler share the builtin's stand-in
 * module between the entry and this lazily loaded chunk, and so split a new chunk out of the entry
 * that every cold start would then read, WebSocket or not (`HA_EXPOSURE=filter` must cost nothing).
 */
import type * as Crypto from 'node:crypto';
import type * as Http from 'node:http';
import type * as Https from 'node:https';

interface Builtins {
  readonly crypto: typeof Crypto;
  readonly http: typeof Http;
  readonly https: typeof Https;
}

let loaded: Builtins | undefined;

export function builtins(): Builtins {
  loaded ??= {
    crypto: process.getBuiltinModule('node:crypto'),
    http: process.getBuiltinModule('node:http'),
    https: process.getBuiltinModule('node:https'),
  };
  return loaded;
}
