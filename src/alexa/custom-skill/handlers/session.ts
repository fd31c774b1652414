import { CONVERSATION_ID_ATTRIBUTE } from '../intents.js';

/** Longest `conversation_id` kept; Home Assistant's are 26-character ULIDs, other agents' a bit longer. */
export const MAX_CONVERSATION_ID_LENGTH = 256;

/** The Home Assistant `conversation_id` this Alexa session carries, if any. */
export function conversationIdOf(attributes: Readonly<Record<string, unknown>>): string | undefined {
  const value = attributes[CONVERSATION_ID_ATTRIBUTE];
  return typeof value === 'string' && value !== '' && value.length <= MAX_CONVERSATION_ID_LENGTH ? value : undefined;
}

/** Session attributes that carry `conversationId` to the next turn (empty when there is none). */
export function sessionAttributes(conversationId: string | null | undefined): Record<string, unknown> {
  return typeof conversationId === 'string' && conversationId !== '' && conversationId.length <= MAX_CONVERSATION_ID_LENGTH
    ? { [CONVERSATION_ID_ATTRIBUTE]: conversationId }
    : {};
}
