/**
 * `npm run bench [-- --node /path/to/node] [--quick]`: measures the built bundle on this machine.
 *
 * This script will do the following:
 * 1. (npm run bench) build dist/ when it is missing or older than src/;
 * 2. start a fake Home Assistant on a loopback port (its own service time is measured separately);
 * 3. measure, each in fresh child processes running only the bundle: bundle and zip bytes; the cold
 *    import against a bare `node -e ''`; cold start to the first Discovery answer with LUGS on and
 *    off, and to a first Custom skill answer; warm TurnOn overhead in native and proxy mode; Discovery
 *    overhead at 300 and 5,000 entities with peak RSS (also on Node 24 when one is at hand); warm
 *    Custom skill overhead; and, against a bare `node:http` forwarder (`forwarder.mjs`) measured in
 *    the same run with interleaved reps, the proxy-mode cold start and warm TurnOn overhead;
 * 4. print a Markdown table (for the README) comparing each figure with its target, and write
 *    dist/bench.json. Targets are benchmark targets, not pass/fail tests: the exit code is 0 unless
 *    the benchmark itself could not run.
 */
import { join } from 'node:path';
import { consoleIo } from '../shared/io.js';
import { PROJECT_ROOT } from '../local/handler.js';
import { benchCli } from './run.js';

process.exit(await benchCli(process.argv.slice(2), consoleIo, join(PROJECT_ROOT, 'dist')));
