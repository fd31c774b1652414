/**
 * `npm run invoke -- … --config [DIR]` and the demo's note on settings: the environment the deployed
 * function would get from `config/`, so a local invocation behaves like the deployed one.
 *
 * config/function.yaml's `environment` is applied as it is, with ALEXA_LOCALE and ALEXA_SKILL_ID from
 * config/skill.yaml as the deploy derives them; config/parameters.yaml and
 * config/skill.yaml are turned into the environment variables that override the same Parameter
 * Store values (`PARAMETER_BACKED_ENV`). The URL and the token come from the caller (the demo home,
 * or HOME_ASSISTANT_URL / HOME_ASSISTANT_TOKEN), never from a parameter.
 */
import { loadAll } from '../config/config-files.js';
import { loadFunctionConfig } from '../config/function-config.js';
import { PARAMETER_BACKED_ENV } from '../config/lambda-settings.js';
import { loadParametersConfig } from '../config/parameters-config.js';
import { loadSkillConfig } from '../config/skill-config.js';
import { withSkillEnvironment } from '../config/skill-environment.js';
import { buildDesiredParameters } from '../deploy/desired-parameters.js';

/** The settings config/ gives the function, as environment variables. */
export interface ConfigEnvironment {
  readonly env: Readonly<Record<string, string>>;
  /** One line on what shapes the devices Alexa sees: preset and filter. */
  readonly exposure: string;
}

const PREFIX = '/local';
const CALLER_OWNED = new Set(['HOME_ASSISTANT_URL', 'HOME_ASSISTANT_TOKEN', 'HA_CF_ACCESS_CLIENT_ID', 'HA_CF_ACCESS_CLIENT_SECRET']);
const ENV_BY_PARAMETER = new Map(Object.entries(PARAMETER_BACKED_ENV).map(([env, parameter]) => [`${PREFIX}/${parameter}`, env]));

/** Reads `dir` (errors name the file, line and key, as the deploy scripts' do). */
export function configEnvironment(dir: string, haUrl: string): ConfigEnvironment {
  const [fn, parameters, skill] = loadAll([() => loadFunctionConfig(dir), () => loadParametersConfig(dir), () => loadSkillConfig(dir)] as const);
  const env: Record<string, string> = { ...withSkillEnvironment(fn, skill).environment };
  for (const parameter of buildDesiredParameters({ prefix: PREFIX, parameters, skill, env: { HA_URL: haUrl } })) {
    const name = ENV_BY_PARAMETER.get(parameter.name);
    // The address, the token and the Cloudflare Access service token are the caller's (a local run
    // talks to the demo home or to HOME_ASSISTANT_URL, not through the deployed function's Access).
    if (name !== undefined && !CALLER_OWNED.has(name)) env[name] = parameter.value;
  }
  return { env, exposure: describeExposure(env.HA_FEATURE_PRESET ?? 'standard', parameters.alexa.filter) };
}

/** `preset standard, filter include_domains: light, switch` */
export function describeExposure(preset: string, filter: object | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(filter ?? {}) as [string, unknown][]) {
    if (Array.isArray(value) && value.length > 0) parts.push(`${key}: ${value.map(String).join(', ')}`);
    else if (key === 'entity_config' && typeof value === 'object' && value !== null && Object.keys(value).length > 0) {
      parts.push(`entity_config for ${Object.keys(value).length}`);
    }
  }
  return `preset ${preset}, ${parts.length === 0 ? 'no filter (every entity the preset supports)' : `filter ${parts.join('; ')}`}`;
}
