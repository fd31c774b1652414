// A YARDSTICK, NOT PRODUCT CODE. `npm run bench` measures this bare Lambda-shaped proxy in the same
// run as the bundle, as the figure to beat: it forwards a Smart Home directive to Home Assistant's
// /api/alexa/smart_home over a keep-alive `node:http` agent and returns the answer. It validates
// nothing, redacts nothing and answers no errors; it only speaks plain http (the benchmark's fake
// Home Assistant is on loopback).
//
// Like the bundle, it logs one line per invocation with the time Home Assistant took (to the response
// headers), so the benchmark subtracts the same thing from both.
import { createRequire } from 'node:module';

// On Node 24, `import … from 'node:http'` builds an ES-module facade that loads undici (~10 ms);
// a CommonJS require does not. The bundle loads node:http the same way (rollup.config.mjs).
const http = createRequire(import.meta.url)('node:http');
const agent = new http.Agent({ keepAlive: true });

export async function handler(event) {
  const directive = event.directive;
  const scope = directive.endpoint?.scope ?? directive.payload?.scope ?? directive.payload?.grantee;
  const token = scope?.token ?? process.env.HOME_ASSISTANT_TOKEN;
  const body = JSON.stringify(event);
  const started = performance.now();
  let haMs = 0;
  const text = await new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const request = http.request(`${process.env.HOME_ASSISTANT_URL}/api/alexa/smart_home`, { method: 'POST', agent, headers }, (response) => {
      haMs = performance.now() - started;
      let data = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (data += chunk));
      response.on('end', () => resolve(data));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
  process.stdout.write(`${JSON.stringify({ message: 'invocation', haCalls: [{ ms: haMs }] })}\n`);
  return JSON.parse(text);
}
