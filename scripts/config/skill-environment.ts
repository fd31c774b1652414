import type { FunctionConfig } from './function-config.js';
import type { SkillConfig } from './skill-config.js';

/**
 * The function's variables that follow the skill: ALEXA_LOCALE (the first locale, which is
 * `language` of config/deploy.yaml: the language of spoken replies) and ALEXA_SKILL_ID (the Custom skill allowed to call; without it the
 * Lambda refuses Custom skill requests, so it is left out until custom_skill_id is set).
 */
export function skillEnvironment(skill: Pick<SkillConfig, 'locales' | 'customSkillId'>): Record<string, string> {
  const [locale] = skill.locales;
  return {
    ...(locale ? { ALEXA_LOCALE: locale } : {}),
    ...(skill.customSkillId ? { ALEXA_SKILL_ID: skill.customSkillId } : {}),
  };
}

/** config/function.yaml with the skill-derived variables added, as deploy-lambda applies it. */
export function withSkillEnvironment(config: FunctionConfig, skill: Pick<SkillConfig, 'locales' | 'customSkillId'>): FunctionConfig {
  return { ...config, environment: { ...config.environment, ...skillEnvironment(skill) } };
}
