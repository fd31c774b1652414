/**
 * Brings one skill in line with skill-package/, touching only what differs:
 *   1. find it: the ID from config/skill.yaml, else a skill of the same kind and name, else create it
 *      (once: a 5xx or a timeout on create is followed by a look-up by name, never by a second POST);
 *   2. manifest, then each locale's interaction model, then account linking: read, compare, and
 *      write only when something differs (or the last build failed), then wait for the build;
 *   3. the Custom skill only, once it has an endpoint: enable it for testing on the developer's
 *      account. The Smart Home skill is never enabled through SMAPI (Amazon's enablement API is for
 *      custom skills); its owner enables it in the Alexa app while linking it to Home Assistant.
 * A new skill starts without its endpoint: the Lambda only lets in skills whose ID it knows, so the
 * endpoint is set on a later run, by the same comparison that keeps it up to date.
 * Each skill is synced on its own: one failing never stops the other ({@link syncSkills}).
 */
import { ScriptError } from '../shared/errors.js';
import { UnreachableError } from './http-json.js';
import { differingPaths } from './json-diff.js';
import { describeSmapiError, SmapiError } from './smapi-errors.js';
import type { JsonObject, SkillSummary } from './smapi-types.js';
import type { SkillDefinition } from './skill-package.js';
import { EndpointPendingError, failed, guard, waitForBuilds, type SkillContext } from './skill-builds.js';

export { DEFAULT_TIMING, EndpointPendingError, type SkillContext, type SyncTiming } from './skill-builds.js';

/** A skill's ID and whether this run created it. */
export interface ResolvedSkill {
  skill: SkillDefinition;
  skillId: string;
  created: boolean;
  /** How it was found: `config/skill.yaml`, `by name`, or `created`. */
  source: string;
}

/** What one skill's sync changed, for the log and the job summary. */
export interface SkillOutcome extends ResolvedSkill {
  changes: string[];
  /** Set when the endpoint waits for the Lambda's permission (a skill whose ID is not in config/skill.yaml yet). */
  pending?: string;
  /** Things that did not stop the run but need the owner's attention (e.g. enablement refused). */
  warnings?: string[];
  /** Why this skill's sync failed; the run ends red. */
  failure?: string;
}

/** A skill that could not be found, created or synced, and why. */
export interface SkillFailure {
  label: string;
  reason: string;
}

/**
 * Step 1 for both skills: IDs from config/skill.yaml, else found by kind and name, else created.
 * A skill that cannot be resolved (several of the same name, a refused create) is a failure of its
 * own; the other skill is still resolved.
 */
export async function resolveSkills(context: SkillContext, vendorId: string, skills: readonly SkillDefinition[], known: Readonly<Record<string, string | undefined>>): Promise<{ resolved: ResolvedSkill[]; failures: SkillFailure[] }> {
  let summaries: SkillSummary[] | undefined;
  const list = async () => (summaries ??= await guard(() => context.smapi.listSkills(vendorId), 'list your skills'));
  const resolved: ResolvedSkill[] = [];
  const failures: SkillFailure[] = [];
  for (const skill of skills) {
    try {
      const knownId = known[skill.configKey];
      if (knownId) {
        resolved.push({ skill, skillId: knownId, created: false, source: 'config/skill.yaml' });
        continue;
      }
      const found = findByName(await list(), skill);
      if (found) {
        context.io.out(`${skill.label}: found ${found} by its name "${skill.names[0] ?? ''}"`);
        resolved.push({ skill, skillId: found, created: false, source: 'by name' });
        continue;
      }
      const skillId = await createOnce(context, vendorId, skill);
      await waitForBuilds(context, skill, skillId, { manifest: true, locales: [] });
      resolved.push({ skill, skillId, created: true, source: 'created' });
    } catch (err) {
      if (!(err instanceof ScriptError)) throw err;
      failures.push({ label: skill.label, reason: err.message });
      context.io.err(`error: ${skill.label}: ${err.message}`);
    }
  }
  return { resolved, failures };
}

/**
 * `POST /v1/skills` once. When SMAPI answers 5xx or nothing at all, the skill may exist anyway:
 * list the skills again and take the one of this kind and name, rather than create a second one.
 */
async function createOnce(context: SkillContext, vendorId: string, skill: SkillDefinition): Promise<string> {
  const { smapi, io } = context;
  try {
    const skillId = await smapi.createSkill(vendorId, skill.createManifest, `the ${skill.label}`);
    io.out(`${skill.label}: created ${skillId}`);
    return skillId;
  } catch (err) {
    const unknownOutcome = (err instanceof SmapiError && err.status >= 500) || err instanceof UnreachableError;
    if (!unknownOutcome) throw err instanceof SmapiError ? describeSmapiError(err, `create the ${skill.label}`, skill.manifestFile) : err;
    const answer = err instanceof SmapiError ? `SMAPI answered ${err.status}` : err.message;
    const found = findByName(await guard(() => smapi.listSkills(vendorId), 'list your skills'), skill);
    if (!found) {
      throw new ScriptError(`could not create the ${skill.label} (${answer}), and SMAPI lists no skill by that name, so none was created: run the workflow again`, { cause: err });
    }
    io.out(`${skill.label}: created ${found} (${answer} to the create request, but the skill is there: found by its name)`);
    return found;
  }
}

/** The ID of the one skill of this kind and name, undefined when there is none; several throw, naming them. */
function findByName(summaries: readonly SkillSummary[], skill: SkillDefinition): string | undefined {
  const matches = [...new Set(summaries.filter((summary) => matchesSkill(summary, skill)).map((summary) => summary.skillId))];
  if (matches.length > 1) {
    throw new ScriptError(
      `${matches.length} skills are called "${skill.names.join('" / "')}" (${matches.join(', ')}): put the one to keep in config/skill.yaml as ${skill.configKey}, or rename the others in the developer console`,
    );
  }
  return matches[0];
}

/** Steps 2 and 3 for every skill, each on its own: a failure is recorded in its outcome, and the next skill is synced all the same. */
export async function syncSkills(context: SkillContext, resolved: readonly ResolvedSkill[]): Promise<SkillOutcome[]> {
  const outcomes: SkillOutcome[] = [];
  for (const skill of resolved) {
    try {
      outcomes.push(await syncSkill(context, skill));
    } catch (err) {
      if (!(err instanceof ScriptError)) throw err;
      context.io.err(`error: ${err.message}`);
      outcomes.push({ ...skill, changes: [], failure: err.message });
    }
  }
  return outcomes;
}

/** Ends the run red when a skill failed, naming each and why; quiet when all went through. */
export function assertAllSynced(failures: readonly SkillFailure[], outcomes: readonly SkillOutcome[]): void {
  const all = [...failures, ...outcomes.flatMap((outcome) => (outcome.failure ? [{ label: outcome.skill.label, reason: outcome.failure }] : []))];
  if (all.length === 0) return;
  const done = outcomes.filter((outcome) => !outcome.failure).map((outcome) => outcome.skill.label);
  throw new ScriptError(`${all.map((failure) => `${failure.label} failed: ${failure.reason}`).join(' | ')}${done.length > 0 ? ` (${done.join(' and ')} synced)` : ''}`);
}

/** Steps 2 and 3 for one skill. */
export async function syncSkill(context: SkillContext, resolved: ResolvedSkill): Promise<SkillOutcome> {
  const { smapi, io } = context;
  const { skill, skillId } = resolved;
  const what = `the ${skill.label}`;
  const changes: string[] = resolved.created ? ['created'] : [];
  const warnings: string[] = [];

  let current;
  try {
    current = await smapi.getManifest(skillId, what);
  } catch (err) {
    if (err instanceof SmapiError && err.status === 404 && resolved.source === 'config/skill.yaml') {
      throw new ScriptError(`${skill.label} ${skillId} (${skill.configKey} in config/skill.yaml) does not exist for this Amazon developer account: remove the line to let skill:deploy find or create the skill`);
    }
    throw err instanceof SmapiError ? describeSmapiError(err, `read ${what}'s manifest`) : err;
  }
  const status = await guard(() => smapi.getStatus(skillId, what), `read ${what}'s build status`);
  let pending: string | undefined;
  // The manifest SMAPI serves: a failed build leaves the last good one in place.
  let live = current.manifest;
  const manifestDiff = differingPaths(current.manifest, skill.manifest.manifest);
  if (manifestDiff.length > 0 || failed(status.manifest?.lastUpdateRequest)) {
    io.out(`${skill.label}: updating the manifest (${manifestDiff.length > 0 ? `differs at ${manifestDiff.slice(0, 3).join(', ')}${manifestDiff.length > 3 ? ', …' : ''}` : 'the last build failed'})`);
    await guard(() => smapi.putManifest(skillId, skill.manifest, what), `update ${what}'s manifest`, skill.manifestFile);
    try {
      await waitForBuilds(context, skill, skillId, { manifest: true, locales: [] });
      changes.push('manifest');
      live = skill.manifest.manifest;
    } catch (err) {
      // Expected on the first run: the ID reaches the Lambda's permissions only through config/skill.yaml.
      if (!(err instanceof EndpointPendingError) || resolved.source === 'config/skill.yaml') throw err;
      pending = err.message;
      io.err(`warning: ${pending}`);
      changes.push('manifest (endpoint pending)');
    }
  }

  const locales: string[] = [];
  for (const [locale, model] of Object.entries(skill.interactionModels)) {
    const stored = await guard(() => smapi.getInteractionModel(skillId, locale, what), `read ${what}'s ${locale} interaction model`);
    if (stored && differingPaths(stored.interactionModel, model.interactionModel).length === 0 && !failed(status.interactionModel?.[locale]?.lastUpdateRequest)) continue;
    io.out(`${skill.label}: updating the ${locale} interaction model (invocation name "${String((model.interactionModel.languageModel as { invocationName?: unknown }).invocationName)}")`);
    await guard(() => smapi.putInteractionModel(skillId, locale, model, what), `update ${what}'s ${locale} interaction model`, 'the interaction model built from config/skill.yaml');
    locales.push(locale);
  }
  if (locales.length > 0) {
    await waitForBuilds(context, skill, skillId, { manifest: false, locales });
    changes.push(`interaction model (${locales.join(', ')})`);
  }

  if (skill.accountLinking) {
    const linking = skill.accountLinking;
    const stored = await guard(() => smapi.getAccountLinking(skillId, what), `read ${what}'s account linking`);
    // SMAPI never returns the client secret, so it cannot be compared (Home Assistant ignores it anyway).
    const { clientSecret: _secret, ...comparable } = linking;
    if (!stored || differingPaths(stored, comparable).length > 0) {
      io.out(`${skill.label}: setting account linking (${linking.authorizationUrl}, client ID ${linking.clientId})`);
      await guard(() => smapi.putAccountLinking(skillId, linking, what), `update ${what}'s account linking`, skill.accountLinkingFile);
      changes.push('account linking');
    }
  }

  if (skill.kind === 'custom') {
    const enablement = await enableForTesting(context, resolved, endpointOf(live, skill.kind));
    if (enablement.enabled) changes.push('enabled for testing');
    if (enablement.warning) {
      warnings.push(enablement.warning);
      io.err(`warning: ${enablement.warning}`);
    }
  }
  io.out(`${skill.label} ${skillId}: ${changes.length > 0 ? `changed ${changes.join(', ')}` : 'up to date, nothing changed'}`);
  return { ...resolved, changes, ...(pending ? { pending } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * Enables the Custom skill for testing once it has an endpoint (before that, Amazon refuses with
 * 403 "Skill is not ready for enablement."). A refusal is a warning with its own advice: the skill
 * is otherwise in place, and the token is fine.
 */
async function enableForTesting(context: SkillContext, resolved: ResolvedSkill, endpoint: string | undefined): Promise<{ enabled: boolean; warning?: string }> {
  const { smapi, io } = context;
  const { skill, skillId } = resolved;
  const what = `the ${skill.label}`;
  if (!endpoint) {
    io.out(`${skill.label}: not enabled for testing yet: it has no endpoint until the Lambda allows it (endpoint pending)`);
    return { enabled: false };
  }
  if (await guard(() => smapi.isEnabled(skillId, what), `read whether ${what} is enabled`)) return { enabled: false };
  try {
    await smapi.enable(skillId, what);
  } catch (err) {
    if (!(err instanceof SmapiError) || ![400, 403, 409].includes(err.status)) throw err instanceof SmapiError ? describeSmapiError(err, `enable ${what} for testing`) : err;
    return {
      enabled: false,
      warning: `SMAPI would not enable the ${skill.label} ${skillId} for testing (${err.status}: ${refusal(err.body)}); the skill itself is in place: turn testing on in the developer console (the skill's Test tab, "Development"), or run this workflow again once its endpoint and models have built`,
    };
  }
  io.out(`${skill.label}: enabled for testing on your account`);
  return { enabled: true };
}

/** `message` and each violation of SMAPI's refusal, in one line. */
function refusal(body: unknown): string {
  const record = (body ?? {}) as { message?: unknown; violations?: { message?: unknown }[] };
  const parts = [typeof record.message === 'string' ? record.message : 'no details', ...(Array.isArray(record.violations) ? record.violations.flatMap((violation) => (typeof violation.message === 'string' ? [violation.message] : [])) : [])];
  return parts.join(' ');
}

/** The endpoint URI of the skill's API in a manifest, if any. */
function endpointOf(manifest: JsonObject, kind: SkillDefinition['kind']): string | undefined {
  const api = (manifest.apis as Record<string, { endpoint?: { uri?: unknown } } | undefined> | undefined)?.[kind];
  return typeof api?.endpoint?.uri === 'string' ? api.endpoint.uri : undefined;
}

/** Whether a summary from the skill list is this skill: same kind, same name in some locale. */
function matchesSkill(summary: SkillSummary, skill: SkillDefinition): boolean {
  if (!(summary.apis ?? []).includes(skill.kind)) return false;
  return Object.values(summary.nameByLocale ?? {}).some((name) => skill.names.includes(name));
}
