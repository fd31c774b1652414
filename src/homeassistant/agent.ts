import { createHash } from 'node:crypto';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions } from 'node:https';
import { rootCertificates } from 'node:tls';

export interface AgentSettings {
  readonly verifySsl: boolean;
  readonly caBundle: string | undefined;
}

/**
 * The TLS options of the Home Assistant connection: verification per `HA_VERIFY_SSL`, and the public
 * roots plus `HA_CA_BUNDLE`. Given to this connection's agent or request only (the WebSocket client
 * uses them too), never set process-wide.
 */
export interface TlsOptions {
  readonly rejectUnauthorized: boolean;
  readonly ca?: string[];
}

export function tlsOptionsFor(settings: AgentSettings): TlsOptions {
  return settings.caBundle === undefined ? { rejectUnauthorized: settings.verifySsl } : { rejectUnauthorized: settings.verifySsl, ca: [...rootCertificates, settings.caBundle] };
}

const agents = new Map<string, HttpAgent | HttpsAgent>();

/**
 * One keep-alive agent per protocol and TLS setting, reused across invocations of a warm container.
 * `verifySsl: false` is set on this agent only: the process-wide TLS switch (an environment variable) is
 * never touched, so AWS SDK calls keep verifying. A CA bundle adds certificates to the public roots.
 */
export function agentFor(protocol: string, settings: AgentSettings): HttpAgent | HttpsAgent {
  const caKey = settings.caBundle === undefined ? '' : createHash('sha256').update(settings.caBundle).digest('hex').slice(0, 16);
  const key = `${protocol}|${settings.verifySsl}|${caKey}`;
  let agent = agents.get(key);
  if (agent === undefined) {
    const common = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 16, maxFreeSockets: 4, timeout: 30_000 };
    if (protocol === 'http:') {
      agent = new HttpAgent(common);
    } else {
      const tls: AgentOptions = { ...common, ...tlsOptionsFor(settings) };
      agent = new HttpsAgent(tls);
    }
    agents.set(key, agent);
  }
  return agent;
}
