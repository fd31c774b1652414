/**
 * Brings one skill in line with skill-package/, touching only what differs:
 *   1. find it: the ID from config/skill.yaml, else a skill of the same kind and name, else create it;
 *   2. manifest, then each locale's interaction model, then account linking: read, compare, and
 *      write only when something differs (or the last build failed), then wait for the build;
 *   3. enable it for testing on the developer's account, unless it already is.
 * A new skill starts without its endpoint: the Lambda only lets in skills whose ID it knows, so the
 * endpoint is set right after, by the same comparison that keeps it up to date.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ScriptError } from '../shared/errors.js';
import type { Io } from '../shared/io.js';
import { withProgress } from '../shared/progress.js';
import { differingPaths } from './json-diff.js';
import type { SmapiClient } from './smapi-client.js';
import { describeSmapiError, describeStatusErrors, SmapiError } from './smapi-errors.js';
import type { BuildStatus, LastUpdateRequest, SkillStatus, SkillSummary } from './smapi-types.js';
import type { SkillDefinition } from './skill-package.js';

export interface SyncTiming {
  /** Pause between two status reads. */
  pollMs: number;
  /** Give up waiting for a build after this long. */
  timeoutMs: number;
  /** How often a long wait prints "still building". */
  tickMs?: number;
}

export const DEFAULT_TIMING: SyncTiming = { pollMs: 3000, timeoutMs: 10 * 60_000 };

export interface SkillContext {
  smapi: SmapiClient;
  io: Io;
  timing: SyncTiming;
}

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
}

/** The manifest build failed because the Lambda does not let this skill in yet. */
export class EndpointPendingError extends ScriptError {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointPendingError';
  }
}

/**
 * Step 1 for both skills: IDs from config/skill.yaml, else found by kind and name, else created.
 *
 * @throws ScriptError when several skills match, naming them and the key to set
 */
export async function resolveSkills(context: SkillContext, vendorId: string, skills: readonly SkillDefinition[], known: Readonly<Record<string, string | undefined>>): Promise<ResolvedSkill[]> {
  let summaries: SkillSummary[] | undefined;
  const resolved: ResolvedSkill[] = [];
  for (const skill of skills) {
    const knownId = known[skill.configKey];
    if (knownId) {
      resolved.push({ skill, skillId: knownId, created: false, source: 'config/skill.yaml' });
      continue;
    }
    summaries ??= await guard(() => context.smapi.listSkills(vendorId), 'list your skills');
    const matches = [...new Set(summaries.filter((summary) => matchesSkill(summary, skill)).map((summary) => summary.skillId))];
    if (matches.length > 1) {
      throw new ScriptError(
        `${matches.length} skills are called "${skill.names.join('" / "')}" (${matches.join(', ')}): put the one to keep in config/skill.yaml as ${skill.configKey}, or rename the others in the developer console`,
      );
    }
    if (matches[0]) {
      context.io.out(`${skill.label}: found ${matches[0]} by its name "${skill.names[0] ?? ''}"`);
      resolved.push({ skill, skillId: matches[0], created: false, source: 'by name' });
      continue;
    }
    const skillId = await guard(() => context.smapi.createSkill(vendorId, skill.createManifest, `the ${skill.label}`), `create the ${skill.label}`, skill.manifestFile);
    context.io.out(`${skill.label}: created ${skillId}`);
    await waitForBuilds(context, skill, skillId, { manifest: true, locales: [] });
    resolved.push({ skill, skillId, created: true, source: 'created' });
  }
  return resolved;
}

/** Steps 2 and 3 for one skill. */
export async function syncSkill(context: SkillContext, resolved: ResolvedSkill): Promise<SkillOutcome> {
  const { smapi, io } = context;
  const { skill, skillId } = resolved;
  const what = `the ${skill.label}`;
  const changes: string[] = resolved.created ? ['created'] : [];

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
  const manifestDiff = differingPaths(current.manifest, skill.manifest.manifest);
  if (manifestDiff.length > 0 || failed(status.manifest?.lastUpdateRequest)) {
    io.out(`${skill.label}: updating the manifest (${manifestDiff.length > 0 ? `differs at ${manifestDiff.slice(0, 3).join(', ')}${manifestDiff.length > 3 ? ', …' : ''}` : 'the last build failed'})`);
    await guard(() => smapi.putManifest(skillId, skill.manifest, what), `update ${what}'s manifest`, skill.manifestFile);
    try {
      await waitForBuilds(context, skill, skillId, { manifest: true, locales: [] });
      changes.push('manifest');
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

  if (!(await guard(() => smapi.isEnabled(skillId, what), `read whether ${what} is enabled`))) {
    await guard(() => smapi.enable(skillId, what), `enable ${what} for testing`);
    io.out(`${skill.label}: enabled for testing on your account`);
    changes.push('enabled for testing');
  }
  io.out(`${skill.label} ${skillId}: ${changes.length > 0 ? `changed ${changes.join(', ')}` : 'up to date, nothing changed'}`);
  return { ...resolved, changes, ...(pending ? { pending } : {}) };
}

/** Whether a summary from the skill list is this skill: same kind, same name in some locale. */
function matchesSkill(summary: SkillSummary, skill: SkillDefinition): boolean {
  if (!(summary.apis ?? []).includes(skill.kind)) return false;
  return Object.values(summary.nameByLocale ?? {}).some((name) => skill.names.includes(name));
}

function failed(request: LastUpdateRequest | undefined): boolean {
  return request?.status === 'FAILED';
}

/** Polls the status resource until the watched builds leave IN_PROGRESS; a FAILED build throws, naming the field. */
async function waitForBuilds(context: SkillContext, skill: SkillDefinition, skillId: string, watch: { manifest: boolean; locales: readonly string[] }): Promise<void> {
  const { smapi, io, timing } = context;
  const what = `the ${skill.label}`;
  const parts = [...(watch.manifest ? ['manifest'] : []), ...watch.locales.map((locale) => `${locale} model`)];
  const label = `${skill.label}: waiting for the ${parts.join(' and ')} build`;
  await withProgress(
    io,
    label,
    async () => {
      const started = Date.now();
      for (;;) {
        const status = await guard(() => smapi.getStatus(skillId, what), `read ${what}'s build status`);
        const states = buildStates(status, watch);
        const failure = states.find((state) => state.status === 'FAILED');
        if (failure) throw buildFailure(skill, skillId, failure.part, failure.request);
        if (states.every((state) => state.status !== 'IN_PROGRESS')) return;
        if (Date.now() - started > timing.timeoutMs) {
          throw new ScriptError(`${skill.label} ${skillId}: the ${parts.join(' and ')} build is still in progress after ${Math.round(timing.timeoutMs / 1000)} s; run the workflow again later`);
        }
        await sleep(timing.pollMs);
      }
    },
    { doing: 'building', ...(timing.tickMs ? { tickMs: timing.tickMs } : {}) },
  );
}

function buildStates(status: SkillStatus, watch: { manifest: boolean; locales: readonly string[] }) {
  const states: { part: string; status: BuildStatus | undefined; request: LastUpdateRequest | undefined }[] = [];
  if (watch.manifest) states.push({ part: 'manifest', status: status.manifest?.lastUpdateRequest?.status, request: status.manifest?.lastUpdateRequest });
  for (const locale of watch.locales) {
    const request = status.interactionModel?.[locale]?.lastUpdateRequest;
    states.push({ part: `${locale} interaction model`, status: request?.status, request });
  }
  return states;
}

function buildFailure(skill: SkillDefinition, skillId: string, part: string, request: LastUpdateRequest | undefined): ScriptError {
  const reason = describeStatusErrors(request?.errors);
  const source = part === 'manifest' ? skill.manifestFile : 'built from config/skill.yaml';
  const message = `${skill.label} ${skillId}: the ${part} build failed (${source}): ${reason}`;
  // The endpoint is refused while the Lambda does not yet allow this skill ID (the Deploy workflow
  // adds the permission once the ID is in config/skill.yaml).
  if (part === 'manifest' && /lambda|trigger/i.test(reason)) {
    return new EndpointPendingError(
      `${message}; the Lambda must allow this skill first: once ${skillId} is in config/skill.yaml as ${skill.configKey}, the Deploy workflow adds the permission and runs this workflow again`,
    );
  }
  return new ScriptError(message);
}

/** Runs an SMAPI call and turns its failure into the one-line reason. */
async function guard<T>(call: () => Promise<T>, what: string, source?: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof SmapiError ? describeSmapiError(err, what, source) : err;
  }
}
