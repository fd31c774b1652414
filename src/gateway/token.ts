import type { Config } from '../config/index.js';

export interface ResolvedToken {
  readonly token: string;
  readonly source: 'directive' | 'stored';
}

/**
 * Picks the bearer token for Home Assistant per `HA_TOKEN_SOURCE`:
 * `auto` (the request's own token when present, else the stored one), `directive` (only the
 * request's), `stored` (always the stored long-lived token, e.g. for Login-with-Amazon linking).
 */
export function resolveToken(config: Config, requestToken: string | undefined): ResolvedToken | undefined {
  const fromRequest = requestToken !== undefined && requestToken !== '' ? requestToken : undefined;
  const stored = config.homeAssistantToken;
  switch (config.tokenSource) {
    case 'stored':
      return stored === undefined ? undefined : { token: stored, source: 'stored' };
    case 'directive':
      return fromRequest === undefined ? undefined : { token: fromRequest, source: 'directive' };
    case 'auto':
      if (fromRequest !== undefined) return { token: fromRequest, source: 'directive' };
      return stored === undefined ? undefined : { token: stored, source: 'stored' };
  }
}

/** Why no token could be chosen, naming the settings to change. */
export function missingTokenMessage(config: Config): string {
  if (config.tokenSource === 'directive') {
    return 'The request carries no bearer token and HA_TOKEN_SOURCE=directive: link the skill to Home Assistant, or set HA_TOKEN_SOURCE=auto with a stored token';
  }
  return config.useParameterStore
    ? `No token: the request carries none and SSM ${config.parameterPrefix}/homeassistant/token is not set`
    : 'No token: the request carries none and HOME_ASSISTANT_TOKEN is not set';
}
