import { randomUUID } from 'node:crypto';
import { describeFunctionError, invokeJson, type InvokeOutcome, type LambdaContext } from '../aws/lambda-invoke.js';
import { plural } from '../shared/format.js';
import { formatMarkdownTable, formatTextTable } from '../shared/table.js';
import { collapsed, DETAILS_HIDDEN } from '../shared/step-summary.js';

/**
 * Runs a real Alexa Discovery through the deployed function and checks the answer against
 * Amazon's limits.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-discovery.html
 */

/** Alexa's limits for one account's discovery. */
export const MAX_ENDPOINTS = 300;
export const MAX_CAPABILITIES_PER_ENDPOINT = 100;

/** Where the Home Assistant token of the test discovery comes from. */
export type TokenSource = 'stored' | 'secret';

export interface DiscoveredEndpoint {
  endpointId: string;
  friendlyName: string;
  displayCategories: string[];
  /** Interface names, e.g. `Alexa.PowerController`. */
  interfaces: string[];
}

export interface DiscoveryReport {
  ok: boolean;
  /** Why it failed, in one line with the likely fix. */
  reason?: string;
  endpoints: DiscoveredEndpoint[];
  warnings: string[];
  executedVersion?: string;
}

/**
 * An `Alexa.Discovery` `Discover` directive. Without a token the `scope` is left out, and the
 * Lambda uses the token stored in Parameter Store.
 */
export function buildDiscoverDirective(token?: string): unknown {
  return {
    directive: {
      header: { namespace: 'Alexa.Discovery', name: 'Discover', payloadVersion: '3', messageId: randomUUID() },
      payload: token ? { scope: { type: 'BearerToken', token } } : {},
    },
  };
}

/** What to do about each Alexa error type a discovery (or the smoke test's ReportState) can end with. */
export function explainErrorResponse(type: string, message: string, context: DiscoveryContext): string {
  const said = message ? ` (the function said: ${message})` : '';
  switch (type) {
    case 'INVALID_AUTHORIZATION_CREDENTIAL':
    case 'EXPIRED_AUTHORIZATION_CREDENTIAL':
      return (
        `Home Assistant refused the ${context.tokenSource === 'secret' ? 'HA_TOKEN secret' : 'stored token'}${said}: ` +
        'create a long-lived access token (Home Assistant → your profile → Security), store it with ' +
        '`gh secret set HA_TOKEN --env production`, and rerun the Deploy workflow, which writes it to Parameter Store'
      );
    case 'BRIDGE_UNREACHABLE':
    case 'ENDPOINT_UNREACHABLE':
      return (
        `the function could not reach Home Assistant${said}: homeassistant.url in config/parameters.yaml (or HA_URL) ` +
        'must be reachable from the internet over HTTPS (test it from a phone on mobile data); a firewall or ' +
        'Cloudflare Bot Fight Mode blocking AWS gives the same error'
      );
    case 'INTERNAL_ERROR':
      return `the function or Home Assistant failed${said}: read the log with \`aws logs tail /aws/lambda/${context.functionName} --since 15m\``;
    case 'INVALID_DIRECTIVE':
      return `the function did not accept the Discover directive${said}: is the code from this repository deployed to ${context.qualifier}?`;
    default:
      return `the function answered with an Alexa ${type || 'error'}${said}`;
  }
}

export interface DiscoveryContext {
  functionName: string;
  qualifier: string;
  tokenSource: TokenSource;
}

interface RawEndpoint {
  endpointId?: unknown;
  friendlyName?: unknown;
  displayCategories?: unknown;
  capabilities?: unknown;
}

function toEndpoint(raw: RawEndpoint): DiscoveredEndpoint {
  const capabilities = Array.isArray(raw.capabilities) ? (raw.capabilities as { interface?: unknown }[]) : [];
  return {
    endpointId: typeof raw.endpointId === 'string' ? raw.endpointId : '?',
    friendlyName: typeof raw.friendlyName === 'string' ? raw.friendlyName : '?',
    displayCategories: Array.isArray(raw.displayCategories) ? raw.displayCategories.map(String) : [],
    interfaces: capabilities.map((capability) => (typeof capability.interface === 'string' ? capability.interface : '?')),
  };
}

/** Checks an invocation's answer: a `Discover.Response` within Alexa's limits, or an explained failure. */
export function checkDiscoveryResponse(outcome: InvokeOutcome, context: DiscoveryContext): DiscoveryReport {
  const base = { endpoints: [] as DiscoveredEndpoint[], warnings: [] as string[], ...(outcome.executedVersion ? { executedVersion: outcome.executedVersion } : {}) };
  if (outcome.functionError) return { ...base, ok: false, reason: describeFunctionError(outcome) };
  const event = (outcome.payload as { event?: { header?: { namespace?: unknown; name?: unknown }; payload?: Record<string, unknown> } } | null)?.event;
  const name = event?.header?.name;
  if (name === 'ErrorResponse') {
    const payload = event?.payload ?? {};
    const type = typeof payload.type === 'string' ? payload.type : '';
    const message = typeof payload.message === 'string' ? payload.message : '';
    return { ...base, ok: false, reason: explainErrorResponse(type, message, context) };
  }
  if (name !== 'Discover.Response' || !Array.isArray(event?.payload?.endpoints)) {
    return {
      ...base,
      ok: false,
      reason:
        `the function did not answer with a Discover.Response (it answered ${outcome.raw.slice(0, 120) || 'nothing'}): ` +
        `is this repository's code deployed to ${context.qualifier}? The bootstrap stack's placeholder answers every event this way`,
    };
  }
  const endpoints = (event.payload.endpoints as RawEndpoint[]).map(toEndpoint);
  const problems: string[] = [];
  const warnings: string[] = [];
  if (endpoints.length > MAX_ENDPOINTS) {
    problems.push(`${endpoints.length} endpoints, more than Alexa's ${MAX_ENDPOINTS}: narrow alexa.filter in config/parameters.yaml`);
  } else if (endpoints.length >= MAX_ENDPOINTS * 0.9) {
    warnings.push(`${endpoints.length} endpoints, close to Alexa's limit of ${MAX_ENDPOINTS}`);
  }
  for (const endpoint of endpoints) {
    if (endpoint.interfaces.length > MAX_CAPABILITIES_PER_ENDPOINT) {
      problems.push(`${endpoint.endpointId} has ${endpoint.interfaces.length} capabilities, more than Alexa's ${MAX_CAPABILITIES_PER_ENDPOINT}`);
    }
  }
  if (endpoints.length === 0) {
    // A bridge that finds no device is broken for its user even when every call succeeded.
    problems.push(
      'no endpoints: Home Assistant exposed nothing to Alexa. Check alexa.filter in config/parameters.yaml ' +
        '(in proxy mode, the `alexa: smart_home:` filter in Home Assistant)',
    );
  }
  const names = new Map<string, number>();
  for (const endpoint of endpoints) names.set(endpoint.friendlyName.toLowerCase(), (names.get(endpoint.friendlyName.toLowerCase()) ?? 0) + 1);
  const duplicates = [...names].filter(([, count]) => count > 1).map(([friendlyName]) => friendlyName);
  if (duplicates.length > 0) warnings.push(`several devices share a name, which confuses Alexa: ${duplicates.join(', ')} (rename them with alexa.filter.entity_config)`);
  return { ...base, endpoints, warnings, ok: problems.length === 0, ...(problems.length > 0 ? { reason: problems.join('; ') } : {}) };
}

/** Invokes `functionName:qualifier` with a Discover directive and checks the answer. */
export async function runDiscovery(
  context: LambdaContext,
  input: { functionName: string; qualifier: string; token?: string },
): Promise<DiscoveryReport> {
  const tokenSource: TokenSource = input.token ? 'secret' : 'stored';
  const outcome = await invokeJson(context, input.functionName, input.qualifier, buildDiscoverDirective(input.token));
  return checkDiscoveryResponse(outcome, { functionName: input.functionName, qualifier: input.qualifier, tokenSource });
}

const HEADERS = ['name', 'endpointId', 'categories', 'capabilities'];

function rows(endpoints: readonly DiscoveredEndpoint[]): string[][] {
  return endpoints.map((endpoint) => [
    endpoint.friendlyName,
    endpoint.endpointId,
    endpoint.displayCategories.join(', '),
    `${endpoint.interfaces.length}: ${endpoint.interfaces.filter((name) => name !== 'Alexa').map((name) => name.replace(/^Alexa\./, '')).join(', ')}`,
  ]);
}

/** The endpoints as a console table. */
export function formatDiscoveryText(endpoints: readonly DiscoveredEndpoint[]): string {
  return formatTextTable(HEADERS, rows(endpoints));
}

/**
 * The discovery as a job-summary section: counts against the limits, then, with `details` (private
 * repositories), the warnings and the table of devices in a collapsed block.
 */
export function formatDiscoveryMarkdown(report: DiscoveryReport, title: string, details = false): string {
  const most = Math.max(0, ...report.endpoints.map((endpoint) => endpoint.interfaces.length));
  const lines = [
    `### ${title}`,
    '',
    report.ok ? `✅ ${plural(report.endpoints.length, 'endpoint')} discovered` : `❌ ${report.reason ?? 'failed'}`,
    '',
    `| limit | found | Alexa's maximum |`,
    `| --- | --- | --- |`,
    `| endpoints | ${report.endpoints.length} | ${MAX_ENDPOINTS} |`,
    `| capabilities on one endpoint | ${most} | ${MAX_CAPABILITIES_PER_ENDPOINT} |`,
    '',
  ];
  if (!details) {
    if (report.warnings.length > 0) lines.push(`> [!WARNING]\n> ${plural(report.warnings.length, 'warning')} about devices: see the job log\n`);
    lines.push(DETAILS_HIDDEN);
    return lines.join('\n');
  }
  lines.push(...report.warnings.map((warning) => `> [!WARNING]\n> ${warning}\n`));
  if (report.endpoints.length > 0) lines.push(collapsed(`${plural(report.endpoints.length, 'device')}`, formatMarkdownTable(HEADERS, rows(report.endpoints))));
  return lines.join('\n');
}
