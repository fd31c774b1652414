/**
 * `npm run invoke -- <discovery|on ENTITY|off ENTITY|state ENTITY|raw FILE.json> [--json] [--logs] [--demo]`:
 * the local equivalent of the Lambda console's test events.
 *
 * This script will do the following:
 * 1. pick the Home Assistant: yours when HOME_ASSISTANT_URL and HOME_ASSISTANT_TOKEN are set (and
 *    --demo is not given), otherwise the built-in demo home on a loopback port;
 * 2. load the built handler (`dist/index.mjs`; `npm run invoke` builds it first when needed), or
 *    `src/` with --source;
 * 3. run the event and print a summary: Home Assistant calls, the answer, the time taken; --json
 *    prints the raw response on stdout, --logs the handler's log lines.
 * Exit code: 0 for a normal answer, 1 for an error answer (ErrorResponse, UNRECOGNIZED_EVENT, a failed
 * check), 2 for a usage error.
 */
import { consoleIo } from '../shared/io.js';
import { invokeCli } from './invoke.js';

process.exit(await invokeCli(process.argv.slice(2), consoleIo));
