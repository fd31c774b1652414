/**
 * Runs the Lambda handler in this process the way the local tools need it: the handler's JSON log
 * lines (one per invocation, plus warnings) are taken off stdout so the transcript stays readable,
 * and the invocation summary line is parsed for its Home Assistant calls.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { HaCallRecord } from '../../src/homeassistant/types.js';

/** The Lambda handler's signature (`index.handler`). */
export type LambdaHandler = (
  event: unknown,
  context?: { awsRequestId?: string; getRemainingTimeInMillis?: () => number },
) => Promise<unknown>;

/** One Home Assistant call as the handler's log line records it. */
export type LoggedHaCall = HaCallRecord;

/** The fields of the handler's `"message":"invocation"` log line the local tools show. */
export interface InvocationSummary {
  readonly operation?: string;
  readonly outcome?: string;
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly durationMs?: number;
  readonly haCalls: readonly LoggedHaCall[];
}

export interface LocalInvocation {
  readonly response: unknown;
  /** Every log line the handler wrote during the call, as written. */
  readonly logLines: readonly string[];
  readonly summary: InvocationSummary | undefined;
  /** Wall time around `handler()`, in milliseconds. */
  readonly wallMs: number;
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_INDEX = resolve(PROJECT_ROOT, 'dist', 'index.mjs');

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The message of anything thrown, for one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parses a line the handler's logger wrote; undefined for anything else (e.g. tap's own output). */
export function parseLogLine(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) && typeof parsed.message === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The invocation summary among `lines`, if the handler wrote one. */
export function findSummary(lines: readonly string[]): InvocationSummary | undefined {
  for (const line of lines) {
    const parsed = parseLogLine(line);
    if (parsed?.message !== 'invocation') continue;
    const haCalls = Array.isArray(parsed.haCalls) ? (parsed.haCalls as LoggedHaCall[]) : [];
    return {
      operation: typeof parsed.operation === 'string' ? parsed.operation : undefined,
      outcome: typeof parsed.outcome === 'string' ? parsed.outcome : undefined,
      errorType: typeof parsed.errorType === 'string' ? parsed.errorType : undefined,
      errorMessage: typeof parsed.errorMessage === 'string' ? parsed.errorMessage : undefined,
      durationMs: typeof parsed.durationMs === 'number' ? parsed.durationMs : undefined,
      haCalls,
    };
  }
  return undefined;
}

/** Sum of the client-measured Home Assistant round trips (time to response headers). */
export function haTimeMs(summary: InvocationSummary | undefined): number {
  return (summary?.haCalls ?? []).reduce((sum, call) => sum + call.ms, 0);
}

/**
 * Calls `handler(event)` with the handler's log lines diverted from stdout into the result.
 * Only whole JSON lines with a `message` are diverted; anything else written meanwhile goes through.
 */
export async function invokeQuietly(handler: LambdaHandler, event: unknown, requestId = 'local'): Promise<LocalInvocation> {
  const logLines: string[] = [];
  // Put back exactly as found afterwards; only ever called with `this` bound below.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = process.stdout.write;
  const write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    if (typeof chunk === 'string' && chunk.endsWith('\n') && parseLogLine(chunk.slice(0, -1)) !== undefined) {
      logLines.push(chunk.slice(0, -1));
      return true;
    }
    return (original as (this: NodeJS.WriteStream, ...args: unknown[]) => boolean).call(this, chunk, ...rest);
  };
  process.stdout.write = write;
  let response: unknown;
  const started = performance.now();
  try {
    response = await handler(event, { awsRequestId: requestId, getRemainingTimeInMillis: () => 8000 });
  } finally {
    process.stdout.write = original;
  }
  const wallMs = performance.now() - started;
  return { response, logLines, summary: findSummary(logLines), wallMs };
}

/** Imports the built bundle's handler (`dist/index.mjs`), with a clear message when it is missing. */
export async function loadBuiltHandler(path = DIST_INDEX): Promise<LambdaHandler> {
  if (!existsSync(path)) throw new Error(`${path} does not exist: run npm run build first`);
  const module = (await import(pathToFileURL(path).href)) as { handler?: unknown };
  if (typeof module.handler !== 'function') throw new Error(`${path} does not export a handler function`);
  return module.handler as LambdaHandler;
}

/** The handler of `src/` (run through tsx, no build needed) or of the bundle. */
export async function loadLocalHandler(fromSource: boolean, distIndex = DIST_INDEX): Promise<LambdaHandler> {
  return fromSource ? (await import('../../src/handler.js')).handler : loadBuiltHandler(distIndex);
}
