import type { ResponseEnvelope } from 'ask-sdk-model';
import type { RequestContext } from '../../../gateway/context.js';
import type { SkillRequest } from '../envelope.js';

/**
 * One handler per request type or intent, all with this signature. Handlers may throw: the one
 * failure boundary in `handle-request.ts` turns any error into a spoken reply.
 */
export type SkillHandler = (request: SkillRequest, ctx: RequestContext) => Promise<ResponseEnvelope> | ResponseEnvelope;
