import { quoteValue } from '../shared/format.js';
import { describeSecret } from '../shared/mask.js';
import type { PlanAction, PlanEntry, SyncPlan } from './parameter-sync.js';
import { countPlan } from './parameter-sync.js';
import { formatMarkdownTable } from '../shared/table.js';
import { collapsed, DETAILS_HIDDEN } from '../shared/step-summary.js';

const SYMBOLS: Record<PlanAction, string> = { create: '+', update: '~', unchanged: '=', delete: '-', stale: '?', keep: '=' };

/** What a public repository's log shows for a value that is not a secret. */
const VALUE_HIDDEN = '<value hidden in a public repository>';

/** A value as it may be shown: secrets by length only; without `details`, other values not at all. */
function showValue(entry: PlanEntry, value: string | undefined, details: boolean): string {
  if (entry.secret) return describeSecret(value);
  if (value === undefined) return '<none>';
  return details ? quoteValue(value) : VALUE_HIDDEN;
}

function describeChange(entry: PlanEntry, details: boolean): string {
  const show = (e: PlanEntry, value: string | undefined): string => showValue(e, value, details);
  switch (entry.action) {
    case 'create':
      return show(entry, entry.after);
    case 'update': {
      const typeChange = entry.previousType ? ` (type ${entry.previousType} → ${entry.type})` : '';
      if (entry.secret) return `${describeSecret(entry.after)}, changed${typeChange}`;
      return `${show(entry, entry.before)} → ${show(entry, entry.after)}${typeChange}`;
    }
    case 'unchanged':
      return entry.secret ? `${describeSecret(entry.after)}, unchanged` : show(entry, entry.after);
    case 'delete':
      return 'not in config/: will be deleted (--prune)';
    case 'stale':
      return 'not in config/: kept (run with --prune to delete)';
    case 'keep':
      return `${entry.secret ? describeSecret(entry.before) : show(entry, entry.before)}, kept: ${entry.note ?? 'not managed this run'}`;
  }
}

/**
 * The plan as console lines, secrets masked. Without `details` (a public repository's log: the
 * Home Assistant address from the HA_URL secret, the filter's entities) no value is shown.
 */
export function formatPlanText(plan: SyncPlan, details = true): string[] {
  const width = Math.max(...plan.entries.map((entry) => entry.name.length), 0);
  const lines = plan.entries.map(
    (entry) => `  ${SYMBOLS[entry.action]} ${entry.action.padEnd(9)} ${entry.name.padEnd(width)}  ${entry.type.padEnd(12)}  ${describeChange(entry, details)}`,
  );
  return [`Plan for ${plan.prefix}:`, ...lines, summarizePlan(plan)];
}

/** `Plan: 1 to create, 2 to update, 3 unchanged, 0 to delete.` */
export function summarizePlan(plan: SyncPlan): string {
  const counts = countPlan(plan);
  const parts = [`${counts.create} to create`, `${counts.update} to update`, `${counts.unchanged + counts.keep} unchanged`, `${counts.delete} to delete`];
  if (counts.stale > 0) parts.push(`${counts.stale} not in config/ (kept)`);
  return `Plan: ${parts.join(', ')}.`;
}

/**
 * The plan for the job summary, secrets masked. Values (the Home Assistant address, the filter's
 * entities) only with `details` (private repositories), in a collapsed table; otherwise names only.
 */
export function formatPlanMarkdown(plan: SyncPlan, title: string, details = false): string {
  const head = [`### ${title}`, '', summarizePlan(plan), ''];
  if (!details) {
    const rows = plan.entries.map((entry) => [entry.action, `\`${entry.name}\``, entry.type]);
    return [...head, formatMarkdownTable(['action', 'parameter', 'type'], rows), '', DETAILS_HIDDEN].join('\n');
  }
  const rows = plan.entries.map((entry) => [entry.action, `\`${entry.name}\``, entry.type, describeChange(entry, true)]);
  return [...head, collapsed('Parameters and values', formatMarkdownTable(['action', 'parameter', 'type', 'value'], rows))].join('\n');
}
