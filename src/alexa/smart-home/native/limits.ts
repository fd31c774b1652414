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
 * Budget for the serialized endpoint list. Amazon publishes no figure for `Discover.Response` (only
 * 256 KB for the `AddOrUpdateReport` event); Home Assistant's own integration answers 300-device
 * homes with responses well over 256 KB, and Lambda allows 6 MB. A full 300-endpoint home needs
 * 300–900 KB, so the budget is 1 MB: past it, the tail of the order is dropped and logged.
 */
export const MAX_DISCOVERY_BYTES = 1024 * 1024;

/** Alexa's limit for an endpoint's cookie (we send `{}`). */
export const MAX_COOKIE_BYTES = 5000;

/** How many dropped entity_ids the log line names. */
export const DROPPED_EXAMPLES = 5;
