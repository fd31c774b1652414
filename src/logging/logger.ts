import { redactFields, SecretRegistry } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Readonly<Record<string, unknown>>;
export type LogSink = (line: string) => void;

const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

let sink: LogSink = stdoutSink;

/** Replaces where log lines go (tests capture them); returns the previous sink. */
export function setLogSink(next: LogSink): LogSink {
  const previous = sink;
  sink = next;
  return previous;
}

/** What modules receive: they can log and scrub text for an answer, never reach the sink or the secrets directly. */
export type AppLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error' | 'child' | 'debugEnabled' | 'scrub' | 'holds'>;

/**
 * Structured JSON logger. Raw events cannot be logged through it: every field is redacted by key,
 * and every known secret value is scrubbed from the final line.
 */
export class Logger {
  readonly #base: LogFields;
  readonly #secrets: SecretRegistry;
  readonly debugEnabled: boolean;

  constructor(options: { base?: LogFields; debug?: boolean; secrets?: SecretRegistry } = {}) {
    this.#base = options.base ?? {};
    this.#secrets = options.secrets ?? new SecretRegistry();
    this.debugEnabled = options.debug ?? false;
  }

  get secrets(): SecretRegistry {
    return this.#secrets;
  }

  /** `text` with the invocation's secrets masked: for text bound for an answer before it is shortened. */
  scrub(text: string): string {
    return this.#secrets.scrub(text);
  }

  /** True when {@link scrub} would change `text` (to scrub a whole answer without copying a clean one). */
  holds(text: string): boolean {
    return this.#secrets.holds(text);
  }

  child(fields: LogFields): Logger {
    return new Logger({ base: { ...this.#base, ...fields }, debug: this.debugEnabled, secrets: this.#secrets });
  }

  debug(message: string, fields?: LogFields): void {
    if (this.debugEnabled) this.#write('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.#write('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.#write('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.#write('error', message, fields);
  }

  /** Writes an already-built record (the invocation summary with its metrics) with the base fields, through the same redaction. */
  record(record: LogFields): void {
    sink(this.#secrets.scrub(JSON.stringify(redactFields([this.#base, record], this.#secrets))));
  }

  #write(level: LogLevel, message: string, fields?: LogFields): void {
    const head = { level, time: new Date().toISOString(), message };
    sink(this.#secrets.scrub(JSON.stringify(redactFields(fields === undefined ? [head, this.#base] : [head, this.#base, fields], this.#secrets))));
  }
}
