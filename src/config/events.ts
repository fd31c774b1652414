/**
 * Where the events code sends: Login with Amazon's token endpoint and the Alexa event gateway of
 * the function's own region. `ALEXA_LWA_TOKEN_URL` and `ALEXA_EVENT_GATEWAY_URL` replace them for
 * tests and the local smoke run only: they are honoured for loopback hosts alone, so a stray value in
 * a deployed function can never send the grant's tokens anywhere but Amazon.
 *
 * @see https://developer.amazon.com/docs/smarthome/send-events-to-the-alexa-event-gateway.html
 * @see https://developer.amazon.com/docs/login-with-amazon/access-token.html
 */
import { awsRegion, readEnvironment, type Environment } from './env.js';

/** Amazon's token endpoint (LWA). */
export const LWA_TOKEN_URL = 'https://api.amazon.com/auth/o2/token';

/** The event gateway per AWS region of the function: a grant is valid only at the gateway of the region that received it. */
export const EVENT_GATEWAYS: Readonly<Record<string, string>> = {
  'us-east-1': 'https://api.amazonalexa.com/v3/events',
  'eu-west-1': 'https://api.eu.amazonalexa.com/v3/events',
  'us-west-2': 'https://api.fe.amazonalexa.com/v3/events',
};

export interface EventsEndpoints {
  /** The function's AWS region (undefined when the runtime does not say). */
  readonly region: string | undefined;
  readonly lwaTokenUrl: string;
  /** Undefined when the region has no Alexa gateway (Alexa calls Lambdas in three regions only). */
  readonly gatewayUrl: string | undefined;
  /** Overrides that were ignored, each naming the variable. */
  readonly warnings: readonly string[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function loopbackUrl(name: string, value: string | undefined, warnings: string[]): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    url = undefined;
  }
  if (url !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK.has(url.hostname)) return url.href;
  warnings.push(`${name} is ignored: it is a test seam and only a loopback URL (http://127.0.0.1:<port>/…) is accepted; Amazon's own endpoint is used`);
  return undefined;
}

/** The LWA and gateway URLs for this function, read once per call from the environment. */
export function eventsEndpoints(env: Environment = readEnvironment()): EventsEndpoints {
  const warnings: string[] = [];
  const region = awsRegion(env);
  const lwa = loopbackUrl('ALEXA_LWA_TOKEN_URL', env.ALEXA_LWA_TOKEN_URL, warnings);
  const gateway = loopbackUrl('ALEXA_EVENT_GATEWAY_URL', env.ALEXA_EVENT_GATEWAY_URL, warnings);
  return {
    region,
    lwaTokenUrl: lwa ?? LWA_TOKEN_URL,
    gatewayUrl: gateway ?? (region === undefined ? undefined : EVENT_GATEWAYS[region]),
    warnings,
  };
}
