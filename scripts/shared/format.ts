/** Small formatting helpers shared by the scripts' console output. */

/** `1234` → `1.2 KB`, `2_500_000` → `2.4 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `1234` (ms) → `1.2 s`. */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Quotes a value for a plan line, shortening long ones: `"https://ha.example.com"`. */
export function quoteValue(value: string, max = 60): string {
  const oneLine = value.replace(/\s+/g, ' ');
  const shown = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return JSON.stringify(shown);
}

/** `1, 'endpoint'` → `1 endpoint`; `2, 'endpoint'` → `2 endpoints`; irregular plurals as the third argument. */
export function plural(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
