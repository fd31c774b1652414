/** The benchmark's results as rows with targets, printed as a Markdown table and saved as JSON. */
import { formatMarkdownTable } from '../shared/table.js';

export interface BenchRow {
  /** Stable key in `dist/bench.json`. */
  readonly id: string;
  readonly measure: string;
  /** The result as people read it, e.g. `0.41 ms median, 1.20 ms p99`. */
  readonly result: string;
  /** The target in words, or `–` when there is none. */
  readonly target: string;
  /** True when the target is met, false when missed, undefined without a target. */
  readonly ok: boolean | undefined;
  /** The number compared with the target (ms, MB or bytes). */
  readonly value?: number;
  /** Why a figure cannot be trusted or is missing (errors in the answers, a part not built yet). */
  readonly note?: string;
}

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

export function mb(value: number): string {
  return `${value.toFixed(1)} MB`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** A row whose `value` must stay under (`<`) or at most (`<=`) `limit`. */
export function targetRow(
  fields: { id: string; measure: string; result: string; value: number; note?: string },
  comparison: '<' | '<=',
  limit: number,
  limitText: string,
): BenchRow {
  const met = Number.isFinite(fields.value) && (comparison === '<' ? fields.value < limit : fields.value <= limit);
  return { ...fields, target: `${comparison === '<' ? '<' : '≤'} ${limitText}`, ok: fields.note === undefined ? met : false };
}

export function mark(ok: boolean | undefined): string {
  return ok === undefined ? '–' : ok ? '✓' : '✗';
}

/** The results as a GitHub Markdown table, ready to paste into the README. */
export function markdownReport(rows: readonly BenchRow[]): string {
  return formatMarkdownTable(
    ['Measure', 'Result', 'Target', ''],
    rows.map((row) => [row.measure, row.note === undefined ? row.result : `${row.result} (${row.note})`, row.target, mark(row.ok)]),
  );
}
