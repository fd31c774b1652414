import { formatDuration } from './format.js';
import type { Io } from './io.js';

/**
 * Runs a long step, printing `label…` before, `  still <doing> (10 s)` every `tickMs`, and
 * `label: done in 1.2 s` after, so a CI log never looks stuck.
 */
export async function withProgress<T>(io: Io, label: string, step: () => Promise<T>, options: { tickMs?: number; doing?: string } = {}): Promise<T> {
  const started = Date.now();
  io.out(`${label}…`);
  const timer = setInterval(() => io.out(`  still ${options.doing ?? 'working'} (${formatDuration(Date.now() - started)})`), options.tickMs ?? 10_000);
  timer.unref();
  try {
    const result = await step();
    io.out(`${label}: done in ${formatDuration(Date.now() - started)}`);
    return result;
  } finally {
    clearInterval(timer);
  }
}
