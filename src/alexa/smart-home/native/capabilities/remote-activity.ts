/**
 * The `remote.activity` instance of Alexa.ModeController: a universal remote's activities ("Watch TV",
 * "Listen to Music") as modes `activity.<name>`, started with `remote.turn_on {activity}`. HA uses a
 * mode rather than an input because inputs must come from Alexa's fixed list of names. A remote with
 * a single activity gets a placeholder second mode `activity.-`, since Alexa rejects one-mode
 * controllers. The ModeController's `SetMode` dispatches here.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/device-apis/alexa-modecontroller.html
 */
import { invalidValue } from './args.js';
import { listedModes, modeInstance, PLACEHOLDER_MODE } from './resources.js';
import type { CapabilityInstance, DirectiveContext, DirectiveOutcome, EntityView } from './types.js';

export const REMOTE_ACTIVITY = 'remote.activity';

/** `activity_list` as published (some integrations put numbers or nulls there; HA compares by value). */
export function activities(entity: EntityView): unknown[] {
  const list = entity.attributes.activity_list;
  return Array.isArray(list) ? list : [];
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The discovery fragment and reader for a remote with ACTIVITY and a non-empty `activity_list`. */
export function remoteActivityInstance(entity: EntityView): CapabilityInstance {
  // Nulls some integrations leave in the list are no activity anyone can name.
  const names = activities(entity).filter(isScalar).map(String);
  return modeInstance({
    instance: REMOTE_ACTIVITY,
    labels: ['Alexa.Setting.Mode'],
    modes: listedModes('activity', names),
    read: (current) => {
      const activity = current.attributes.current_activity;
      return isScalar(activity) && activities(current).includes(activity) ? `activity.${String(activity)}` : undefined;
    },
  });
}

/** `SetMode activity.<name>`: starts the activity when it is one of the remote's. */
async function setRemoteActivity(ctx: DirectiveContext, mode: string): Promise<DirectiveOutcome> {
  // Everything after the first dot (HA stops at a second dot, which breaks names like "Watch T.V.").
  const dot = mode.indexOf('.');
  const activity = dot === -1 ? undefined : mode.slice(dot + 1);
  if (activity === undefined || activity === PLACEHOLDER_MODE || !activities(ctx.entity).includes(activity)) {
    throw invalidValue(ctx, `does not support Mode '${mode}'`);
  }
  await ctx.callService(ctx.entity.domain, 'turn_on', { entity_id: ctx.entity.entityId, activity });
  return { properties: [{ namespace: 'Alexa.ModeController', instance: REMOTE_ACTIVITY, name: 'mode', value: mode }] };
}

/** The ModeController spec (listed in `instance-specs.ts`). */
export const REMOTE_ACTIVITY_MODE = { instance: REMOTE_ACTIVITY, set: setRemoteActivity } as const;
