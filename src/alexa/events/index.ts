/**
 * Native mode tells Alexa what changed (issue 19): AcceptGrant for real, the ingest door for Home
 * Assistant's pokes, ChangeReport, DoorbellPress and incremental discovery. A lazily loaded chunk:
 * with `ALEXA_EVENTS=off` none of it is loaded.
 */
export { acceptGrant } from './accept-grant.js';
export { handleIngest } from './ingest.js';
export { publishDiscovery } from './sync.js';
