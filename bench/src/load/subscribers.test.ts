import { describe, expect, it } from 'vitest';
import { kindOf, SubscriberPool, tile } from './subscribers.js';

describe('subscriber mix', () => {
  it('is 80 % viewport, 10 % incident, 10 % alert subscriptions', () => {
    const counts = { viewport: 0, incident: 0, alert: 0 };
    for (let i = 0; i < 1000; i++) counts[kindOf(i)]++;
    expect(counts).toEqual({ viewport: 800, incident: 100, alert: 100 });
  });

  it('tiles cover the area without overlap', () => {
    const a = tile(0, 4);
    const b = tile(1, 4);
    expect(a.maxLon).toBeCloseTo(b.minLon);
    expect(a.minLat).toBe(b.minLat);
  });

  it('names the tiles of the viewport subscribers that received nothing since a time', () => {
    const pool = new SubscriberPool('ws://unused', 'token', 4);
    const sub = (tileIndex: number | undefined, lastFrameAt: number) => ({
      kind: tileIndex === undefined ? 'incident' : 'viewport',
      ...(tileIndex === undefined ? {} : { tile: tileIndex }),
      lastFrameAt,
    });
    const group = new Set<object>([
      sub(0, 50),
      sub(2, 200),
      sub(2, 10),
      sub(3, 20),
      sub(undefined, 5),
    ]);
    expect(pool.receivingSince(group, 100)).toEqual({
      receiving: 1,
      of: 5,
      silent: [
        { box: tile(0, 4), subscribers: 1 },
        { box: tile(2, 4), subscribers: 1 },
        { box: tile(3, 4), subscribers: 1 },
      ],
    });
    group.add(sub(3, 30));
    expect(pool.receivingSince(group, 100).silent.at(-1)).toEqual({
      box: tile(3, 4),
      subscribers: 2,
    });
  });
});
