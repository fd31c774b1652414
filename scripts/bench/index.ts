/**
 * `npm run bench [-- --node /path/to/node] [--quick]`: measures the built bundle on this machine.
 *
 * This script will do the following:
 * 1. (npm run bench) build dist/ when it is missing or older than src/;
 * 2. start a fake Home Assistant on a loopback port (its own service time is measured separately);
 * 3. measure, each in fresh child processes running only the bundle: bundle and zip bytes; the cold
 *    import against a bare `node -e ''`; cold start to the first Discovery answer with LUGS on and
 *    off, and to a first Custom skill answer; warm TurnOn overhead in native and proxy mode; Discovery
 *    overhead at 300 and 5,000 entities with peak RSS; warm Custom skill overhead;
 * 4. print a Markdown table (for the README) comparing each figure with its target, and write
 *    dist/bench.json. Targets are benchmark targets, not pass/fail tests: the exit code is 0 unless
 *    the benchmark itself could not run.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { consoleIo } from '../lib/io.js';
import { PROJECT_ROOT } from '../lib/local-handler.js';
import { nodeVersion } from '../lib/smoke-checks.js';
import { markdownReport } from './report.js';
import { FULL_COUNTS, QUICK_COUNTS, runBench } from './run.js';

const USAGE = 'Usage: npm run bench [-- --node /path/to/node] [--quick]';
const args = process.argv.slice(2);
let nodePath = process.execPath;
let quick = false;
for (let index = 0; index < args.length; index += 1) {
  const arg = args[index];
  if (arg === '--quick') quick = true;
  else if (arg === '--node' && args[index + 1] !== undefined) {
    nodePath = args[index + 1] as string;
    index += 1;
  } else {
    consoleIo.err(arg === '--help' || arg === '-h' ? USAGE : `Unexpected argument ${arg}\n${USAGE}`);
    process.exit(arg === '--help' || arg === '-h' ? 0 : 2);
  }
}

const distDir = join(PROJECT_ROOT, 'dist');
try {
  const version = nodeVersion(nodePath);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}`;
  consoleIo.err(`Benchmarking ${distDir} on Node ${version}, ${machine}${quick ? ' (--quick: rough figures)' : ''} ...`);
  const started = performance.now();
  const { rows, notes } = await runBench({ nodePath, distDir, counts: quick ? QUICK_COUNTS : FULL_COUNTS, progress: (line) => consoleIo.err(line) });
  const seconds = (performance.now() - started) / 1000;
  const withTarget = rows.filter((row) => row.ok !== undefined);
  consoleIo.out('');
  consoleIo.out(`Benchmark of dist/ on Node ${version}, ${machine}, ${new Date().toISOString().slice(0, 10)}:`);
  consoleIo.out('');
  consoleIo.out(markdownReport(rows));
  consoleIo.out('');
  for (const note of notes) consoleIo.out(`- ${note}`);
  consoleIo.out('');
  consoleIo.out(`${withTarget.filter((row) => row.ok === true).length} of ${withTarget.length} targets met; took ${seconds.toFixed(0)} s.`);
  const json = { node: version, machine, date: new Date().toISOString(), quick, seconds, rows, notes };
  writeFileSync(join(distDir, 'bench.json'), `${JSON.stringify(json, null, 2)}\n`);
  consoleIo.out('Written: dist/bench.json');
} catch (error) {
  consoleIo.err(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
