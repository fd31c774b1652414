/**
 * The alias the Doctor and the Discovery test invoke: `diagnostics`, moved together with `live` by
 * the deploy and the rollback. The role they assume may invoke only this alias, and the bundle
 * answers only read-only requests through it (see `read-only.ts`).
 */
export const DIAGNOSTICS_ALIAS = 'diagnostics';

/**
 * Whether Lambda invoked this alias: the context's `invokedFunctionArn` is the ARN the caller named
 * (`arn:aws:lambda:REGION:ACCOUNT:function:NAME:QUALIFIER`), set by Lambda, never by the event.
 */
export function invokedThroughDiagnosticsAlias(invokedFunctionArn: string | undefined): boolean {
  const parts = invokedFunctionArn?.split(':') ?? [];
  return parts.length === 8 && parts[5] === 'function' && parts[7] === DIAGNOSTICS_ALIAS;
}
