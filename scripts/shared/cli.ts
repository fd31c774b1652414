import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { ScriptError } from './errors.js';
import { consoleIo, type Io } from './io.js';

/** A script's entry point: returns the exit code; throws `ScriptError` for failures it understands. */
export type Main = (argv: readonly string[], env: NodeJS.ProcessEnv, io: Io) => Promise<number>;

/**
 * Runs `main` and turns any failure into one line on stderr and exit code 1, never a stack trace.
 * In GitHub Actions the line is an `::error::` annotation, so it shows on the run's summary page.
 */
export async function runCli(name: string, main: Main, argv = process.argv.slice(2), env = process.env, io: Io = consoleIo): Promise<number> {
  try {
    return await main(argv, env, io);
  } catch (err) {
    const reason = err instanceof ScriptError ? err.message : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
    const line = `${name}: ${reason.replace(/\s*\n\s*/g, ' ')}`;
    io.err(env.GITHUB_ACTIONS === 'true' ? `::error title=${name}::${line}` : line);
    return 1;
  }
}

/** Whether the module at `moduleUrl` is the script Node was started with (not imported by a test). */
export function isDirectRun(moduleUrl: string, argv1 = process.argv[1]): boolean {
  if (!argv1) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(argv1);
  } catch {
    return false;
  }
}

/** `-h` / `--help`, which every script takes. */
const HELP = { help: { type: 'boolean', short: 'h', default: false } } as const;

/**
 * A script's options, `--help` among them: unknown options and positionals are refused, and a
 * mistake is a `ScriptError` that ends with the usage line.
 */
export function parseOptions<O extends ParseArgsOptionsConfig>(argv: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...argv], options: { ...options, ...HELP }, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ScriptError(`${err instanceof Error ? err.message : String(err)}; ${usage}`);
  }
}

/** A script whose work is synchronous, as a `Main` (what it throws still becomes runCli's one line). */
export function syncMain(run: (argv: readonly string[], env: NodeJS.ProcessEnv, io: Io) => number): Main {
  return (argv, env, io) => new Promise((resolve) => resolve(run(argv, env, io)));
}
