/** Alexa Custom skill requests (`{"version":"1.0","request":{"type":…}}`), answered by Home Assistant's Assist API. */
import { customSkillFailure } from '../../alexa/custom-skill/index.js';
import { ALEXA_BUDGET_MS } from '../../config/index.js';
import { loadCustomSkill } from '../../lazy.js';
import { customSkillRefusal } from '../read-only.js';
import { scrubAnswer } from '../scrub-answer.js';
import { isObject, type RequestKindEntry } from './kind.js';

export const customSkillKind: RequestKindEntry = {
  name: 'custom-skill',
  describes: 'Alexa Custom skill requests ({"version":"1.0","request":{"type":…}})',
  recognises: (event) => event.version === '1.0' && isObject(event.request) && typeof event.request.type === 'string',
  // Any other Custom skill envelope (a `request`, or a `version` beside `session` or `context`) is
  // answered here too, so that a bad `version` or `request` gets a spoken error Alexa can say.
  claimsMalformed: (event) => 'request' in event || ('version' in event && ('session' in event || 'context' in event)),
  budgetMs: ALEXA_BUDGET_MS,
  refuseThroughDiagnosticsAlias: customSkillRefusal,
  run: async (event, ctx) => (await loadCustomSkill()).handleCustomSkill(event, ctx),
  fails: {
    disabled: (event) => customSkillFailure(event, 'Home Assistant is switched off in this skill\'s settings.'),
    late: (event) => customSkillFailure(event, 'Home Assistant is taking too long, please try again.'),
    settingsTimeout: (event) => customSkillFailure(event, 'Sorry, this skill could not load its settings in time. Please try again.'),
    config: (event) => customSkillFailure(event, 'Sorry, this skill is not set up correctly yet. Please check its settings.'),
    internal: (event) => customSkillFailure(event, 'Sorry, this skill is not set up correctly yet. Please check its settings.'),
  },
  shape: (answer, secrets) => scrubAnswer(answer, secrets),
};
