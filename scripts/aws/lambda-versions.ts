import { ListVersionsByFunctionCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { awsCall } from './aws-call.js';
import type { LambdaContext } from './lambda-invoke.js';

/** Every version of the function as Lambda lists it (`$LATEST` first, then the published ones), following `NextMarker`. */
export async function listVersionConfigs(context: LambdaContext, functionName: string): Promise<FunctionConfiguration[]> {
  const versions: FunctionConfiguration[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCall(
      { action: 'lambda:ListVersionsByFunction', resource: functionName },
      () => context.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: functionName, Marker: marker })),
      { io: context.io, ...(context.retry ? { retry: context.retry } : {}) },
    );
    versions.push(...(page.Versions ?? []));
    marker = page.NextMarker;
  } while (marker);
  return versions;
}

/** The published version numbers, ascending (`$LATEST` left out). */
export async function listVersions(context: LambdaContext, functionName: string): Promise<number[]> {
  return (await listVersionConfigs(context, functionName))
    .map((version) => version.Version ?? '')
    .filter((version) => /^\d+$/.test(version))
    .map(Number)
    .sort((a, b) => a - b);
}
