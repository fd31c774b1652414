/**
 * Where the bootstrap stack is, when the deploy role is refused in the region config/deploy.yaml
 * derives from `language`: the role's policy names only its own region's ARNs (Parameter Store under
 * the prefix, the function), so a read of the prefix that AWS allows in another Alexa region finds
 * the stack there. The deploy then says so and how to fix it, instead of a bare AccessDenied.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html
 */
import { GetParametersByPathCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { AwsCallError } from '../aws/aws-call.js';
import { isAccessDeniedError } from '../aws/aws-errors.js';
import { ScriptError } from '../shared/errors.js';
import { BOOTSTRAP_COMMAND_WHERE } from '../config/bootstrap-command-hint.js';
import { ALEXA_REGIONS, isAlexaRegion, type AlexaRegion } from '../config/regions.js';
import { cloudShellUrl, STACK_NAME } from './bootstrap-script.js';

/** The other Alexa region whose Parameter Store lets the deploy role read `prefix`, if one does. */
export async function stackRegionElsewhere(prefix: string, region: string, ssmFor: (region: AlexaRegion) => Pick<SSMClient, 'send'>): Promise<AlexaRegion | undefined> {
  for (const other of Object.keys(ALEXA_REGIONS) as AlexaRegion[]) {
    if (other === region) continue;
    try {
      await ssmFor(other).send(new GetParametersByPathCommand({ Path: prefix, MaxResults: 1 }));
      return other;
    } catch {
      // Refused (or unreachable) there too: not this region.
    }
  }
  return undefined;
}

/** What to do when the stack is in `stackRegion` but `language` needs `region`. */
export function wrongRegionProblem(stackRegion: AlexaRegion, region: string, language: string): string {
  const open = isAlexaRegion(region) ? `AWS CloudShell in ${region} (${cloudShellUrl(region)})` : `AWS CloudShell in ${region}`;
  return (
    `the bootstrap stack is in ${stackRegion}, but Alexa calls a Lambda in ${region} for ${language} (language in config/deploy.yaml), and the deploy role may act only in its stack's region. ` +
    `Delete the stack in ${stackRegion} (in CloudShell: aws cloudformation delete-stack --region ${stackRegion} --stack-name ${STACK_NAME}), ` +
    `then paste the bootstrap command into ${open}: ${BOOTSTRAP_COMMAND_WHERE}`
  );
}

/**
 * Runs `read` (the first call under the prefix); when AWS refuses it, looks for the stack in the
 * other Alexa regions and, if it is there, fails with {@link wrongRegionProblem} instead.
 */
export async function withStackRegionCheck<T>(
  read: () => Promise<T>,
  where: { prefix: string; region: string; language: string; ssmFor: (region: AlexaRegion) => Pick<SSMClient, 'send'> },
): Promise<T> {
  try {
    return await read();
  } catch (err) {
    const refused = err instanceof AwsCallError ? isAccessDeniedError({ name: err.code }) : isAccessDeniedError(err);
    if (!refused) throw err;
    const elsewhere = await stackRegionElsewhere(where.prefix, where.region, where.ssmFor);
    if (!elsewhere) throw err;
    throw new WrongRegionError(wrongRegionProblem(elsewhere, where.region, where.language), { cause: err });
  }
}

/** The stack is in another region than the language needs. */
export class WrongRegionError extends ScriptError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WrongRegionError';
  }
}
