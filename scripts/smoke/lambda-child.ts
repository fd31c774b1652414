/**
 * Drives `scripts/smoke/smoke-runner.mjs` in a fresh Node process: the bundle runs alone there, as on
 * Lambda, while the fake Home Assistant runs in this process. Used by the smoke test and the benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const RUNNER_PATH = resolve(dirname(fileURLToPath(import.meta.url)), 'smoke-runner.mjs');

export interface ReadyMessage {
  readonly type: 'ready';
  readonly importMs?: number;
  /** Child's `performance.now()` when the bundle was imported (ms since its process started). */
  readonly readyAtMs?: number;
  readonly node: string;
  readonly initLogs?: readonly string[];
  readonly error?: string;
  /** Parent's `performance.now()` when the message arrived. */
  receivedAt: number;
}

export interface ResultMessage {
  readonly type: 'result';
  readonly id: number;
  readonly response: unknown;
  readonly logs: readonly string[];
  /** `[wallMs, haMs]` per run, measured inside the child. */
  readonly samples: readonly (readonly [number, number])[];
  /** The handler threw (it never should). */
  readonly error?: string;
  receivedAt: number;
}

export interface DoneMessage {
  readonly type: 'done';
  readonly maxRssKb: number;
  receivedAt: number;
  /** The child's exit code once it has ended (null when it had to be killed). */
  exitCode?: number | null;
}

type Message = ReadyMessage | ResultMessage | DoneMessage;

export interface ChildOptions {
  /** Node binary; default: this process's. */
  readonly nodePath?: string;
  readonly runnerPath?: string;
  /** The bundle's `index.mjs`, or `--bare` for a baseline process that imports nothing. */
  readonly indexPath: string;
  /** The child's whole environment besides PATH: nothing else leaks in (no NODE_OPTIONS, no tokens). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Per answer; default 20 s. */
  readonly timeoutMs?: number;
}

/** One runner process. Requests are answered in order. */
export class LambdaChild {
  /** Parent's `performance.now()` just before `spawn()`. */
  readonly spawnedAt: number;
  readonly process: ChildProcess;
  #stderr = '';
  #messages: Message[] = [];
  #waiters: { accept: (message: Message) => boolean; resolve: (message: Message) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }[] = [];
  #exited: string | undefined;
  #nextId = 1;
  readonly #timeoutMs: number;

  constructor(options: ChildOptions) {
    this.#timeoutMs = options.timeoutMs ?? 20_000;
    const nodePath = options.nodePath ?? process.execPath;
    const env = { PATH: process.env.PATH, ...options.env };
    this.spawnedAt = performance.now();
    this.process = spawn(nodePath, [options.runnerPath ?? RUNNER_PATH, options.indexPath], {
      cwd: options.cwd,
      env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const answers = this.process.stdio[3] as Readable;
    createInterface({ input: answers, crlfDelay: Infinity }).on('line', (line) => this.#receive(line));
    this.process.stdout?.resume();
    this.process.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-4000);
    });
    this.process.stdin?.on('error', () => undefined);
    this.process.on('error', (error) => this.#fail(`could not start ${nodePath}: ${error.message}`));
    // 'close' fires after the child's pipes are drained, so every answer it wrote has been read.
    this.process.on('close', (code, signal) => this.#fail(`the child process exited (${String(code ?? signal)}) before answering${this.#stderrNote()}`));
  }

  /** What the child wrote to stderr (last 4,000 characters). */
  get stderr(): string {
    return this.#stderr;
  }

  ready(): Promise<ReadyMessage> {
    return this.#wait((message) => message.type === 'ready') as Promise<ReadyMessage>;
  }

  /**
   * Sends one event (run `repeat` times in a row) and waits for its answer; `invokedFunctionArn` is
   * the context's, as Lambda sets it for the alias or version the caller named.
   */
  invoke(event: unknown, repeat = 1, invokedFunctionArn?: string): Promise<ResultMessage> {
    const id = this.#nextId;
    this.#nextId += 1;
    (this.process.stdin as Writable).write(`${JSON.stringify({ id, event, repeat, ...(invokedFunctionArn === undefined ? {} : { invokedFunctionArn }) })}\n`);
    return this.#wait((message) => message.type === 'result' && message.id === id) as Promise<ResultMessage>;
  }

  /** Closes stdin, waits for the child's peak RSS report, then for the child to end by itself. */
  async finish(): Promise<DoneMessage> {
    const ended = new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) resolve(this.process.exitCode);
      else this.process.once('close', (code: number | null) => resolve(code));
    });
    const done = this.#wait((message) => message.type === 'done') as Promise<DoneMessage>;
    this.process.stdin?.end();
    const message = await done;
    const timer = setTimeout(() => this.kill(), this.#timeoutMs);
    message.exitCode = await ended;
    clearTimeout(timer);
    return message;
  }

  kill(): void {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
  }

  #receive(line: string): void {
    let message: Message;
    try {
      message = { ...(JSON.parse(line) as Message), receivedAt: performance.now() };
    } catch {
      return;
    }
    const index = this.#waiters.findIndex((waiter) => waiter.accept(message));
    const waiter = index === -1 ? undefined : this.#waiters.splice(index, 1)[0];
    if (waiter === undefined) {
      this.#messages.push(message);
      return;
    }
    clearTimeout(waiter.timer);
    waiter.resolve(message);
  }

  #wait(accept: (message: Message) => boolean): Promise<Message> {
    const index = this.#messages.findIndex(accept);
    if (index !== -1) return Promise.resolve(this.#messages.splice(index, 1)[0] as Message);
    if (this.#exited !== undefined) return Promise.reject(new Error(this.#exited));
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter.timer !== timer);
        this.kill();
        reject(new Error(`no answer from the child process within ${this.#timeoutMs} ms${this.#stderrNote()}`));
      }, this.#timeoutMs);
      this.#waiters.push({ accept, resolve: resolvePromise, reject, timer });
    });
  }

  #stderrNote(): string {
    return this.#stderr === '' ? '' : `; stderr: ${this.#stderr.trim()}`;
  }

  #fail(reason: string): void {
    this.#exited ??= reason;
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
  }
}
