import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NdjsonRecorder, replay } from '../src/ndjson.js';
import { ArraySink, FanOutSink } from '../src/sink.js';
import { makeSimulation } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sim-ndjson-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('record and replay', () => {
  it('replays a recording event for event, paced by the event timestamps', async () => {
    const file = join(dir, 'run.ndjson');
    const recorder = new NdjsonRecorder(file);
    const original = new ArraySink();
    const { sim } = makeSimulation({ vehicles: 50 });
    // Re-route the simulation's output through both sinks.
    (sim as unknown as { sink: unknown }).sink = new FanOutSink([recorder, original]);
    for (let i = 0; i < 60; i++) sim.tick();
    await recorder.close();

    const replayed = new ArraySink();
    let clock = 0;
    const sleeps: number[] = [];
    const count = await replay(file, replayed, {
      speed: 10,
      nowMs: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
      },
    });
    expect(count).toBe(original.events.length);
    expect(replayed.events).toEqual(original.events);
    // 60 simulated seconds at 10x: the replay waited about 6 s in total.
    const first = Date.parse(original.events[0]!.event.timestamp);
    const last = Date.parse(original.events.at(-1)!.event.timestamp);
    expect(clock).toBeCloseTo((last - first) / 10, -1);
    expect(sleeps.length).toBeGreaterThan(10);
  });
});
