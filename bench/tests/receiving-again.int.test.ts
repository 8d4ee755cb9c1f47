import { loadInfraConfig, uniqueName } from '@city/infra';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { allReceiving, receivingAgain } from '../src/chaos/receiving-again.js';
import { SubscriberPool, tile } from '../src/load/subscribers.js';

const infra = loadInfraConfig(process.env, { warn: () => {} });
const redis = new Redis(infra.redisUrl);
const geoKey = `${uniqueName('bench-test')}:vehicles:geo`;

afterAll(async () => {
  await redis.del(geoKey);
  redis.disconnect();
});

describe('chaos: subscribers receiving again after a fault', () => {
  it('excuses a silent subscriber whose tile the hot geo index shows empty, not one with vehicles', async () => {
    const pool = new SubscriberPool('ws://unused', 'token', 4);
    const viewport = (t: number, lastFrameAt: number) => ({
      kind: 'viewport',
      tile: t,
      lastFrameAt,
    });
    // Tile 1 has a vehicle in the hot layer, tile 2 none; tile 0's subscriber received.
    const one = tile(1, 4);
    await redis.geoadd(geoKey, (one.minLon + one.maxLon) / 2, (one.minLat + one.maxLat) / 2, 'v1');
    const group = new Set<object>([viewport(0, 200), viewport(2, 10), viewport(2, 20)]);
    const empty = await receivingAgain(pool, group, 100, redis, geoKey);
    expect(empty).toMatchObject({ receiving: 1, excusedEmptyTile: 2, of: 3 });
    expect(empty.silent).toEqual([{ box: tile(2, 4), subscribers: 2, vehicles: 0 }]);
    expect(allReceiving(empty)).toBe(true);

    group.add(viewport(1, 10));
    const lost = await receivingAgain(pool, group, 100, redis, geoKey);
    expect(lost).toMatchObject({ receiving: 1, excusedEmptyTile: 2, of: 4 });
    expect(lost.silent.find((t) => t.vehicles > 0)).toEqual({
      box: one,
      subscribers: 1,
      vehicles: 1,
    });
    expect(allReceiving(lost)).toBe(false);
  });
});
