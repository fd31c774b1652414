/**
 * Only the owner's skill may use this function: a Custom skill request is processed only when its
 * `applicationId` is listed in `ALEXA_SKILL_ID`. (Lambda's "Skill ID verification" trigger setting
 * does the same on the AWS side; this check also covers a trigger added without it.)
 *
 * @see https://developer.amazon.com/docs/custom-skills/host-a-custom-skill-as-an-aws-lambda-function.html
 */
import { logSafe } from './envelope.js';

export interface SkillIdRefusal {
  readonly errorType: 'SKILL_ID_NOT_SET' | 'SKILL_ID_MISSING' | 'SKILL_ID_MISMATCH';
  /** Says what to set; skill IDs are not secrets. */
  readonly errorMessage: string;
}

/** Undefined when `applicationId` is allowed; otherwise why not, and what to set. */
export function checkSkillId(applicationId: string | undefined, allowed: readonly string[]): SkillIdRefusal | undefined {
  const id = applicationId === undefined ? undefined : logSafe(applicationId);
  if (allowed.length === 0) {
    return {
      errorType: 'SKILL_ID_NOT_SET',
      errorMessage: `Custom skill request refused: ALEXA_SKILL_ID is not set. Set ALEXA_SKILL_ID=${id ?? '<your skill ID>'} (your skill's ID in the Alexa developer console) to allow it`,
    };
  }
  if (applicationId === undefined || id === undefined) {
    return { errorType: 'SKILL_ID_MISSING', errorMessage: 'Custom skill request refused: it carries no applicationId, so it cannot come from your Alexa skill' };
  }
  if (allowed.includes(applicationId)) return undefined;
  return {
    errorType: 'SKILL_ID_MISMATCH',
    errorMessage: `Custom skill request from ${id} refused: ALEXA_SKILL_ID allows ${allowed.map(logSafe).join(', ')}. If this is your skill, add ${id} to ALEXA_SKILL_ID (comma-separated)`,
  };
}
