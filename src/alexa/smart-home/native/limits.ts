/**
 * Alexa's discovery limits and the order that decides what stays when a home exceeds them.
 *
 * Order: by domain in the full preset's order (lights, switches, input_booleans, scenes, scripts,
 * then fans, covers, locks, climate, … then sensors and the rest), then by entity_id. So the devices
 * people talk to most stay, and the same entities stay from one discovery to the next.
 */

/** At most this many endpoints in one `Discover.Response` (Amazon's schema: `maxItems: 300`). */
export const MAX_ENDPOINTS = 300;

/**
 * Budget for the serialized `Discover.Response` payload. Amazon publishes 256 KB for
 * `AddOrUpdateReport` and no separate figure for the response; we keep to the same budget.
 */
export const MAX_DISCOVERY_BYTES = 256 * 1024;

/** Alexa's limit for an endpoint's cookie (we send `{}`). */
export const MAX_COOKIE_BYTES = 5000;

/** How many dropped entity_ids the log line names. */
export const DROPPED_EXAMPLES = 5;
