#!/usr/bin/env node
// The tiny process the smoke test and the benchmark spawn: it imports one Lambda bundle the way the
// Lambda runtime does (a fresh Node process, nothing else loaded) and runs the events it is sent.
// Plain JavaScript with node: imports only, so it runs on any Node and needs no node_modules.
//
// Usage: node smoke-runner.mjs <path/to/index.mjs | --bare>   (--bare: import nothing; a baseline)
// Requests, one JSON object per line on stdin:  {"id": 1, "event": {...}, "repeat": 1, "invokedFunctionArn"?: "arn:…:function:NAME:ALIAS"}
// Answers, one JSON object per line on fd 3 (stdout belongs to the handler's log lines):
//   {"type":"ready", "importMs", "readyAtMs", "node", "initLogs", "error"?}
//   {"type":"result", "id", "response", "logs", "samples": [[wallMs, haMs], ...], "error"?}
//   {"type":"done", "maxRssKb"}   once stdin closes; then the process exits.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const send = (message) => writeSync(3, `${JSON.stringify(message)}\n`);

// The handler logs to stdout; keep its lines so each answer can carry the lines of its invocation.
let captured = [];
process.stdout.write = (chunk, ...rest) => {
  for (const line of String(chunk).split('\n')) if (line !== '') captured.push(line);
  const callback = rest.find((arg) => typeof arg === 'function');
  if (callback) callback();
  return true;
};

function haMs(lines) {
  for (const line of lines) {
    if (!line.startsWith('{') || !line.includes('"invocation"')) continue;
    try {
      const parsed = JSON.parse(line);
      if (parsed.message === 'invocation' && Array.isArray(parsed.haCalls)) return parsed.haCalls.reduce((sum, call) => sum + (call.ms ?? 0), 0);
    } catch {
      // not a log line of the handler
    }
  }
  return 0;
}

const target = process.argv[2];
if (target === undefined) {
  process.stderr.write('usage: node smoke-runner.mjs <path/to/index.mjs | --bare>\n');
  process.exit(2);
}

const importStarted = performance.now();
let handler;
try {
  if (target !== '--bare') {
    const module = await import(pathToFileURL(target).href);
    handler = module.handler;
    if (typeof handler !== 'function') throw new Error(`${target} does not export a function named handler`);
  }
} catch (error) {
  send({ type: 'ready', error: String(error), node: process.version, initLogs: captured });
  process.exit(1);
}
send({ type: 'ready', importMs: performance.now() - importStarted, readyAtMs: performance.now(), node: process.version, initLogs: captured });
captured = [];

let requestCount = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const request = JSON.parse(line);
  const repeat = Math.max(1, request.repeat);
  const samples = [];
  let response = null;
  let error;
  for (let index = 0; index < repeat; index += 1) {
    captured = [];
    requestCount += 1;
    const started = performance.now();
    try {
      const context = {
        awsRequestId: `smoke-${requestCount}`,
        ...(typeof request.invokedFunctionArn === 'string' ? { invokedFunctionArn: request.invokedFunctionArn } : {}),
        getRemainingTimeInMillis: () => 8000,
      };
      response = handler === undefined ? null : await handler(request.event, context);
    } catch (thrown) {
      error = String(thrown);
    }
    const wallMs = performance.now() - started;
    samples.push([wallMs, haMs(captured)]);
  }
  send({ type: 'result', id: request.id, response, logs: captured, samples, ...(error === undefined ? {} : { error }) });
}
send({ type: 'done', maxRssKb: process.resourceUsage().maxRSS });
process.exit(0);
