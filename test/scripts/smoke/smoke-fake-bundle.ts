/**
 * A tiny stand-in for `dist/`, for the smoke-test and benchmark tests: an `index.mjs` (plus one lazily
 * imported chunk) that answers health, Discovery, TurnOn, ReportState, Custom skill and unknown events
 * by calling the Home Assistant named in its environment, and logs one invocation line like the real
 * handler. Variants break one thing each, so the tests can show that the smoke test notices.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';

export type FakeBundleVariant = 'good' | 'no-kitchen' | 'leaks-token' | 'crashes-at-init' | 'throws';

const CHUNK = `export const manufacturerName = 'Fake bundle';\n`;

function indexSource(variant: FakeBundleVariant): string {
  return `
const variant = ${JSON.stringify(variant)};
if (variant === 'crashes-at-init') throw new Error('init failed on purpose');
const { manufacturerName } = await import('./chunks/extra.mjs');
const url = process.env.HOME_ASSISTANT_URL;
const token = process.env.HOME_ASSISTANT_TOKEN;
let calls = [];
let count = 0;

async function ha(method, path, body) {
  const started = performance.now();
  const response = await fetch(url + path, {
    method,
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json();
  calls.push({ method, path, status: response.status, ms: performance.now() - started });
  return answer;
}

function header(namespace, name, directive) {
  count += 1;
  const correlationToken = directive?.header?.correlationToken;
  return { namespace, name, payloadVersion: '3', messageId: 'fake-' + count, ...(correlationToken ? { correlationToken } : {}) };
}

const power = {
  type: 'AlexaInterface', interface: 'Alexa.PowerController', version: '3',
  properties: { supported: [{ name: 'powerState' }], proactivelyReported: false, retrievable: true },
};

async function answer(event) {
  if (event?.diagnostics === 'health') return { diagnostics: 'health', ok: true, problems: [] };
  const directive = event?.directive;
  if (directive !== undefined) {
    const name = directive.header.name;
    if (variant === 'throws' && name === 'Discover') throw new Error('thrown on purpose');
    if (name === 'Discover') {
      const states = await ha('GET', '/api/states');
      const endpoints = states
        .filter((s) => s.entity_id.startsWith('light.') && (variant !== 'no-kitchen' || s.entity_id !== 'light.kitchen'))
        .map((s) => ({
          endpointId: s.entity_id.replace('.', '#'), friendlyName: s.attributes.friendly_name, description: 'Light via the fake bundle',
          manufacturerName, displayCategories: ['LIGHT'], capabilities: [{ type: 'AlexaInterface', interface: 'Alexa', version: '3' }, power],
        }));
      return { event: { header: header('Alexa.Discovery', 'Discover.Response'), payload: { endpoints } } };
    }
    const endpointId = directive.endpoint.endpointId;
    const entityId = endpointId.replace('#', '.');
    if (name === 'TurnOn') await ha('POST', '/api/services/light/turn_on', { entity_id: entityId });
    const state = await ha('GET', '/api/states/' + entityId);
    const property = { namespace: 'Alexa.PowerController', name: 'powerState', value: state.state === 'on' ? 'ON' : 'OFF', timeOfSample: new Date().toISOString(), uncertaintyInMilliseconds: 0 };
    return {
      event: { header: header('Alexa', name === 'ReportState' ? 'StateReport' : 'Response', directive), endpoint: { endpointId }, payload: {} },
      context: { properties: [property] },
    };
  }
  if (event?.version === '1.0') {
    return { version: '1.0', response: { outputSpeech: { type: 'SSML', ssml: '<speak>Hello from the fake bundle</speak>' }, shouldEndSession: true } };
  }
  return { error: { type: 'UNRECOGNIZED_EVENT', message: 'not an Alexa event' } };
}

export async function handler(event) {
  calls = [];
  try {
    return await answer(event);
  } finally {
    const line = { level: 'info', message: 'invocation', outcome: 'ok', haCalls: calls, ...(variant === 'leaks-token' ? { authorization: token } : {}) };
    process.stdout.write(JSON.stringify(line) + '\\n');
  }
}
`;
}

/** The files of the fake bundle, as `dist/` would hold them. */
export function fakeBundleFiles(variant: FakeBundleVariant = 'good'): Record<string, string> {
  return { 'index.mjs': indexSource(variant), 'chunks/extra.mjs': CHUNK };
}

/** Zips the fake bundle like `scripts/build/package-zip.mjs` does (index.mjs at the root). */
export function fakeBundleZip(variant: FakeBundleVariant = 'good', files: Record<string, string> = fakeBundleFiles(variant)): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

/** Writes a fake `dist/` (index.mjs, chunks/, lambda.zip) into `dir`. */
export function writeFakeDist(dir: string, variant: FakeBundleVariant = 'good'): void {
  const files = fakeBundleFiles(variant);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  writeFileSync(join(dir, 'lambda.zip'), fakeBundleZip(variant, files));
}

export { UNCOVERED_CHILD_ENV } from '../../fixtures/uncovered-child.js';
