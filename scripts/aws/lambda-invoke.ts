import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { awsCall, type RetryOptions } from './aws-call.js';
import type { Io } from '../shared/io.js';

export interface LambdaContext {
  lambda: LambdaClient;
  io: Io;
  retry?: RetryOptions;
}

/** What an invocation returned. `functionError` is set when the handler threw (Lambda still answers 200). */
export interface InvokeOutcome {
  payload: unknown;
  /** The payload as text, for messages (never contains the request, so no token). */
  raw: string;
  functionError?: string;
  executedVersion?: string;
}

/** Invokes `functionName:qualifier` synchronously with a JSON event and parses the JSON answer. */
export async function invokeJson(context: LambdaContext, functionName: string, qualifier: string, event: unknown): Promise<InvokeOutcome> {
  const { lambda, io, retry } = context;
  const result = await awsCall(
    { action: 'lambda:InvokeFunction', resource: `${functionName}:${qualifier}` },
    () => lambda.send(new InvokeCommand({ FunctionName: functionName, Qualifier: qualifier, Payload: new TextEncoder().encode(JSON.stringify(event)) })),
    { io, ...(retry ? { retry } : {}) },
  );
  const raw = result.Payload ? new TextDecoder().decode(result.Payload) : '';
  let payload: unknown = raw;
  try {
    payload = raw ? JSON.parse(raw) : null;
  } catch {
    // Not JSON: keep the text, the caller explains it.
  }
  return {
    payload,
    raw,
    ...(result.FunctionError ? { functionError: result.FunctionError } : {}),
    ...(result.ExecutedVersion ? { executedVersion: result.ExecutedVersion } : {}),
  };
}

/** `errorType: errorMessage` from a crashed invocation's payload. */
export function describeFunctionError(outcome: InvokeOutcome): string {
  const payload = outcome.payload as { errorType?: unknown; errorMessage?: unknown } | null;
  const type = typeof payload?.errorType === 'string' ? payload.errorType : outcome.functionError;
  const message = typeof payload?.errorMessage === 'string' ? payload.errorMessage : outcome.raw.slice(0, 200);
  return `the function crashed (${outcome.functionError ?? 'error'}): ${type ?? 'Error'}: ${message}`;
}
