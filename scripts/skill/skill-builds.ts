/**
 * Waiting on SMAPI's asynchronous builds: a manifest or interaction-model write answers `202
 * Accepted`, and the status resource says when the build has SUCCEEDED or FAILED (with the errors).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-operations.html#get-skill-status
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ScriptError } from '../shared/errors.js';
import type { Io } from '../shared/io.js';
import { withProgress } from '../shared/progress.js';
import type { SmapiClient } from './smapi-client.js';
import { describeSmapiError, describeStatusErrors, SmapiError } from './smapi-errors.js';
import type { BuildStatus, LastUpdateRequest, SkillStatus } from './smapi-types.js';
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

/** The manifest build failed because the Lambda does not let this skill in yet. */
export class EndpointPendingError extends ScriptError {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointPendingError';
  }
}

/** Polls the status resource until the watched builds leave IN_PROGRESS; a FAILED build throws, naming the field. */
export async function waitForBuilds(context: SkillContext, skill: SkillDefinition, skillId: string, watch: { manifest: boolean; locales: readonly string[] }): Promise<void> {
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

export function failed(request: LastUpdateRequest | undefined): boolean {
  return request?.status === 'FAILED';
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
  // "The trigger setting for the Lambda arn:… is invalid. Error code: SkillManifestError": the
  // Lambda does not yet allow this skill ID (the Deploy workflow adds the permission once the ID is
  // in config/skill.yaml). See https://github.com/alexa/ask-cli/issues/365.
  if (part === 'manifest' && /lambda|trigger/i.test(reason)) {
    return new EndpointPendingError(
      `${message}; the Lambda must allow this skill first: once ${skillId} is in config/skill.yaml as ${skill.configKey}, the Deploy workflow adds the permission and runs this workflow again`,
    );
  }
  return new ScriptError(message);
}

/** Runs an SMAPI call and turns its failure into the one-line reason. */
export async function guard<T>(call: () => Promise<T>, what: string, source?: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw err instanceof SmapiError ? describeSmapiError(err, what, source) : err;
  }
}
