import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInfraConfig } from '../src/config.js';
import { uniqueName } from '../src/testing.js';

const config = loadInfraConfig(process.env, { warn: () => {} });

describe('Redis', () => {
  const prefix = `${uniqueName('infra-test')}:`;
  const redis = new Redis(config.redisUrl, { keyPrefix: prefix, maxRetriesPerRequest: 1 });

  afterAll(async () => {
    // keyPrefix is not applied to SCAN patterns: match the full key, delete without the prefix.
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(prefix.length)));
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    redis.disconnect();
  });

  it('stores and reads back values under a key prefix', async () => {
    await redis.set('vehicle:7', JSON.stringify({ lat: 37.77, lon: -122.42 }), 'EX', 60);
    await redis.hset('counts', { north: '3', south: '5' });

    expect(JSON.parse((await redis.get('vehicle:7'))!)).toEqual({ lat: 37.77, lon: -122.42 });
    expect(await redis.hgetall('counts')).toEqual({ north: '3', south: '5' });
    expect((await redis.keys(`${prefix}*`)).sort()).toEqual([
      `${prefix}counts`,
      `${prefix}vehicle:7`,
    ]);
  });
});
