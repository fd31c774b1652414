/**
 * The cost of exposure from Home Assistant's UI (`HA_EXPOSURE=assist`): the same Discovery of the
 * same entities, warm, once with `filter` (REST only) and once with `assist` (plus one WebSocket
 * session: auth and three pipelined registry commands, in parallel with `GET /api/states`). Compared
 * by wall time, Home Assistant included, because the WebSocket read is Home Assistant's time and the
 * bridge's parsing of it alike; target: at most 50 ms added (issue 19).
 */
import type { FakeHomeAssistant } from '../../test/fixtures/fake-home-assistant.js';
import type { RunningHa } from '../../test/fixtures/ha-server.js';
import { discoveryEvent } from '../local/events.js';
import { describeAnswer, isErrorAnswer } from '../local/transcript.js';
import { warmRuns, type BundleTarget, type WarmResult } from './measure.js';
import { ms, targetRow, type BenchRow } from './report.js';
import { median } from './stats.js';

export const ASSIST_TARGET_MS = 50;

/** Gives every state of the fake a registry entry, as a real Home Assistant has: every third unticked, the rest by default or ticked. */
export function fillRegistry(fake: FakeHomeAssistant): void {
  fake.registry.entries.clear();
  let index = 0;
  for (const entityId of fake.states.keys()) {
    const flag = index % 3 === 0 ? false : index % 3 === 1 ? true : undefined;
    fake.registry.set({ entity_id: entityId, options: flag === undefined ? {} : { conversation: { should_expose: flag } }, labels: index % 10 === 0 ? ['alexa'] : [] });
    index += 1;
  }
}

export interface ExposureRowOptions {
  readonly target: BundleTarget;
  readonly ha: RunningHa;
  readonly fake: FakeHomeAssistant;
  readonly token: string;
  readonly warmup: number;
  readonly runs: number;
}

/**
 * One row: median wall time of a warm Discovery with `assist` minus the same with `filter`, over
 * `rounds` interleaved pairs of warm processes (filter, assist, filter, …): the median of the
 * differences, so that a noisy moment of a shared machine weighs on one pair only.
 */
export async function exposureRow(options: ExposureRowOptions, rounds = 3): Promise<{ row: BenchRow; note: string }> {
  const { target, ha, fake, token, warmup, runs } = options;
  fillRegistry(fake);
  const count = fake.states.size;
  const event = discoveryEvent(token);
  const pairs: { filter: WarmResult; assist: WarmResult }[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const filter = await warmRuns(target, ha, event, warmup, runs, { HA_EXPOSURE: 'filter', HA_FEATURE_PRESET: 'full' });
    const assist = await warmRuns(target, ha, event, warmup, runs, { HA_EXPOSURE: 'assist', HA_FEATURE_PRESET: 'full' });
    pairs.push({ filter, assist });
  }
  const added = median(pairs.map((pair) => pair.assist.wall.median - pair.filter.wall.median));
  const filterMs = median(pairs.map((pair) => pair.filter.wall.median));
  const assistMs = median(pairs.map((pair) => pair.assist.wall.median));
  const failed = pairs.flatMap((pair) => [pair.assist, pair.filter]).find((result) => isErrorAnswer(result.lastResponse));
  const measure = `Discovery, ${count} entities, HA_EXPOSURE=assist over filter, warm (${rounds} interleaved pairs of ${runs} runs)`;
  return {
    row: targetRow(
      {
        id: `discovery${count}Assist`,
        measure,
        result: `${added < 0 ? '−' : '+'}${ms(Math.abs(added))} (${ms(assistMs)} vs ${ms(filterMs)} median wall)`,
        value: added,
        ...(failed === undefined ? {} : { note: `the answers were errors: ${describeAnswer(failed.lastResponse).slice(0, 120)}` }),
      },
      '<=',
      ASSIST_TARGET_MS,
      `${ASSIST_TARGET_MS} ms added`,
    ),
    note: `Discovery with HA_EXPOSURE=assist: the registry of ${fake.registry.entries.size} entries is read over one WebSocket session per Discover; wall times include Home Assistant (the loopback fake, REST ${ms(median(pairs.map((pair) => pair.filter.haMs)))} in filter mode).`,
  };
}
