/**
 * How a secret appears in plans, logs and job summaries: its length and nothing of its content.
 *
 * @example describeSecret('abc…') // '<secret, 183 chars>'
 */
export function describeSecret(value: string | undefined): string {
  if (value === undefined) return '<none>';
  return `<secret, ${value.length} chars>`;
}
