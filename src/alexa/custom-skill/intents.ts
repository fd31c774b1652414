/**
 * The names shared by the Custom skill's handler and its interaction model. The model generator
 * (`npm run skill:model`, `scripts/skill/skill-model.ts`) imports these same constants, so the slot the
 * handler reads and the slot the model declares cannot drift apart (the bug that broke an earlier
 * bridge: the model said `Message`, the code read `command`).
 *
 * This module must stay free of imports: the generator loads it outside the Lambda.
 */

/** The free-form intent: everything the user says after the invocation name goes to Assist. */
export const CONVERSATION_INTENT = 'ConversationIntent';

/** The `AMAZON.SearchQuery` slot of {@link CONVERSATION_INTENT} that holds the user's words. */
export const QUERY_SLOT = 'query';

/** Slot type of {@link QUERY_SLOT}: free text, which Amazon requires to sit inside a carrier phrase. */
export const QUERY_SLOT_TYPE = 'AMAZON.SearchQuery';

/** Built-in intents the handler answers and the model declares. */
export const BUILT_IN_INTENTS = {
  help: 'AMAZON.HelpIntent',
  stop: 'AMAZON.StopIntent',
  cancel: 'AMAZON.CancelIntent',
  fallback: 'AMAZON.FallbackIntent',
  navigateHome: 'AMAZON.NavigateHomeIntent',
} as const;

export type BuiltInIntent = (typeof BUILT_IN_INTENTS)[keyof typeof BUILT_IN_INTENTS];

/**
 * Session attribute that carries Home Assistant's `conversation_id` from one turn to the next.
 * It lives in the Alexa session (per user and conversation), never in a module global: a warm
 * container serves many users.
 */
export const CONVERSATION_ID_ATTRIBUTE = 'conversationId';
