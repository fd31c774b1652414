import type { RequestContext } from '../../gateway/context.js';
import { customSkillFailure } from './index.js';

/** Placeholder until the Custom skill lands (issue 4): answers every request politely. */
export async function handleCustomSkill(event: unknown, ctx: RequestContext): Promise<unknown> {
  ctx.invocation.operation = 'custom-skill';
  return customSkillFailure(event, "I can't do that yet.");
}
