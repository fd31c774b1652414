/** Where a script writes its progress and results; tests pass a recorder instead of the console. */
export interface Io {
  /** Progress and results (stdout). */
  out(line: string): void;
  /** Warnings and the failure line (stderr). */
  err(line: string): void;
}

export const consoleIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** An `Io` that keeps every line, for tests and for building summaries. */
export function createRecordingIo(): Io & { lines: string[]; text(): string } {
  const lines: string[] = [];
  return {
    lines,
    out: (line) => lines.push(line),
    err: (line) => lines.push(line),
    text: () => lines.join('\n'),
  };
}
