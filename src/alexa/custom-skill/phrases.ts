/**
 * Everything the Custom skill says by itself (Home Assistant's own answers come from Assist, in the
 * request's language). English only for now.
 */
export const PHRASES = {
  greeting: (name: string) => `Hi, this is ${name}. What can I do for you?`,
  greetingReprompt: 'You can say things like: turn on the porch light, or: is the garage door open?',
  help: (name: string) =>
    `${name} passes what you say to Home Assistant. Try: turn on the porch light, or: is the garage door open? What would you like?`,
  whatNext: 'What would you like me to do?',
  emptyQuery: 'What would you like me to ask Home Assistant?',
  fallback: "Sorry, I didn't catch that. Tell me what you'd like, for example: turn on the porch light.",
  goodbye: 'Goodbye.',
  unknownIntent: "I can't do that yet.",
  done: 'Done.',
  noAnswer: "Home Assistant didn't say anything.",
  assistFailed: "Home Assistant couldn't do that.",
  workingOnIt: 'Working on it.',
  tooSlow: 'Home Assistant is taking too long, please try again.',
  unreachable: "I can't reach Home Assistant right now. Please check that it's running and reachable from the internet.",
  relink: "Home Assistant didn't accept this skill's sign-in. Please link the skill again in the Alexa app.",
  badStoredToken: "Home Assistant didn't accept the access token in this skill's settings. Please create a new token.",
  notLinked: "This skill isn't linked to Home Assistant yet. Please link it in the Alexa app.",
  noStoredToken: "This skill has no Home Assistant access token yet. Please add one to its settings.",
  circuitOpen: (seconds: number) =>
    `Home Assistant hasn't been answering, so I'm giving it a short break. Please try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
  blocked: "Something in front of Home Assistant, like a proxy or Cloudflare, blocked my request. The skill's log has the details.",
  noConversation: "Home Assistant's conversation feature isn't available. Please check that Assist is set up.",
  rejected: "Home Assistant rejected the request. The skill's log has the details.",
  serverError: 'Home Assistant ran into an error. Please try again, or check its log.',
  refused: "This skill isn't allowed to talk to this Home Assistant. Its skill ID must be added to the function's settings.",
  internalError: 'Sorry, something went wrong. Please try again.',
} as const;
