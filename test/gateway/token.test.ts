/** Unit tests for src/gateway/token.ts: HA_TOKEN_SOURCE. */
import t from 'tap';
import { parseSettings } from '../../src/config/parse.js';
import type { Config } from '../../src/config/schema.js';
import { missingTokenMessage, resolveToken } from '../../src/gateway/token.js';

function config(tokenSource: string, stored?: string): Config {
  const raw = new Map<keyof Config, { value: string; from: string }>([
    ['homeAssistantUrl', { value: 'https://ha.test', from: 'HOME_ASSISTANT_URL' }],
    ['tokenSource', { value: tokenSource, from: 'HA_TOKEN_SOURCE' }],
  ]);
  if (stored !== undefined) raw.set('homeAssistantToken', { value: stored, from: 'HOME_ASSISTANT_TOKEN' });
  const { config: parsed, errors } = parseSettings(raw);
  if (parsed === undefined) throw new Error(errors.join('; '));
  return parsed;
}

t.test('token choice per HA_TOKEN_SOURCE', async (t) => {
  const cases: [string, string | undefined, string | undefined, string | undefined][] = [
    // source, stored, from the request, expected
    ['auto', 'stored-1', 'linked-1', 'linked-1'],
    ['auto', 'stored-1', undefined, 'stored-1'],
    ['auto', 'stored-1', '', 'stored-1'],
    ['auto', undefined, undefined, undefined],
    ['directive', 'stored-1', 'linked-1', 'linked-1'],
    ['directive', 'stored-1', undefined, undefined],
    ['stored', 'stored-1', 'linked-1', 'stored-1'],
  ];
  for (const [source, stored, fromRequest, expected] of cases) {
    t.equal(resolveToken(config(source, stored), fromRequest)?.token, expected, `${source}, stored=${String(stored)}, request=${String(fromRequest)}`);
  }
  t.equal(resolveToken(config('auto', 's'), 'linked')?.source, 'directive');
  t.equal(resolveToken(config('auto', 'stored'), undefined)?.source, 'stored');
});

t.test('a missing token is explained with the setting to change', async (t) => {
  t.match(missingTokenMessage(config('auto')), /HOME_ASSISTANT_TOKEN is not set/);
  t.match(missingTokenMessage(config('directive')), /HA_TOKEN_SOURCE=directive/);
});
