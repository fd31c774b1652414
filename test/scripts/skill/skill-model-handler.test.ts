/**
 * The generated interaction model and the Custom skill handler agree: a request built only from the
 * generated model's names (intent, slot) reaches Home Assistant with the user's words, and every
 * intent the model declares has a handler. This is the drift that broke an earlier bridge (the model
 * said `Message`, the code read `command`).
 */
import t from 'tap';
import { REQUEST_HANDLERS } from '../../../src/alexa/custom-skill/handlers/index.js';
import type { InteractionModel } from '../../../scripts/skill/interaction-model.js';
import { HA_URL, useFakeHa } from '../../fixtures/ha-msw.js';
import { intent, SKILL_ID } from '../../alexa/custom-skill/skill-requests.js';
import { modelFileText } from '../../../scripts/skill/skill-model.js';

Object.assign(process.env, { HOME_ASSISTANT_URL: HA_URL, HOME_ASSISTANT_TOKEN: 'stored-model-token-123456', ALEXA_SKILL_ID: SKILL_ID });
const { fake } = useFakeHa(t);
const { handler } = await import('../../../src/handler.js');

// The model skill:model writes for the template's skill.yaml (the committed skill-package/ is a fork's own).
const model = (JSON.parse(modelFileText('jarvis', 'en-US')) as InteractionModel).interactionModel.languageModel;

t.test("the model's free-text intent and slot are the ones the handler reads", async (t) => {
  const free = model.intents.find((declared) => declared.slots?.some((slot) => slot.type === 'AMAZON.SearchQuery'));
  const slot = free?.slots?.find((declared) => declared.type === 'AMAZON.SearchQuery');
  if (free === undefined || slot === undefined) return t.fail('the model has no AMAZON.SearchQuery slot');
  const texts: string[] = [];
  fake.conversation = (request) => {
    texts.push(request.text);
    return { response: { speech: { plain: { speech: 'Turned on the porch light.' } }, response_type: 'action_done' }, conversation_id: 'c', continue_conversation: false };
  };
  const answer = (await handler(intent(free.name, { [slot.name]: 'turn on the porch light' }))) as { response: { outputSpeech?: { ssml: string } } };
  t.same(texts, ['turn on the porch light'], 'Home Assistant got the words');
  t.equal(answer.response.outputSpeech?.ssml, '<speak>Turned on the porch light.</speak>');
});

t.test('every intent in the model has a handler', (t) => {
  for (const declared of model.intents) t.ok(REQUEST_HANDLERS.has(`IntentRequest:${declared.name}`), declared.name);
  t.end();
});
