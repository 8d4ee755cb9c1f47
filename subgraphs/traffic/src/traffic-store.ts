import type { Redis } from 'ioredis';
import { hmgetMany } from '@city/subgraph-kit';
import { LIVE_SEGMENT_FIELDS, parseLiveSegment, type LiveSegment } from './live-traffic.js';
import { trafficKeys } from './redis-keys.js';

export interface CityTrafficKpi {
  readonly averageSpeedKmh: number;
  readonly segmentsObserved: number;
  readonly congestedRoads: number;
}

export interface TrafficStore {
  /** Live state of the segments in one pipeline, in order. */
  liveMany(ids: readonly number[]): Promise<LiveSegment[]>;
  /** Congested segment ids, worst travel time index first. */
  congestedIds(limit: number): Promise<number[]>;
  cityKpi(): Promise<CityTrafficKpi>;
}

/** Reads the processor's traffic hot state. */
export function createTrafficStore(redis: Redis, prefix: string): TrafficStore {
  let partitionKeys: { keys: string[]; at: number } | null = null;

  /** The per-partition KPI hashes; their number follows the topic's partitions, so they are listed. */
  async function kpiKeys(): Promise<string[]> {
    if (partitionKeys && Date.now() - partitionKeys.at < 10_000) return partitionKeys.keys;
    const pattern = prefix + trafficKeys.kpiPartition(0).replace(/0$/, '*');
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    partitionKeys = { keys, at: Date.now() };
    return keys;
  }

  return {
    async liveMany(ids) {
      // The parsed fields only: the hash holds every window's aggregates.
      const keys = ids.map((id) => prefix + trafficKeys.segment(id));
      return (await hmgetMany(redis, keys, LIVE_SEGMENT_FIELDS)).map(parseLiveSegment);
    },
    async congestedIds(limit) {
      const ids = await redis.zrevrange(prefix + trafficKeys.congested, 0, limit - 1);
      return ids.map(Number);
    },
    async cityKpi() {
      const keys = await kpiKeys();
      const pipeline = redis.pipeline();
      for (const key of keys)
        pipeline.hmget(key, 'speedSumKmh', 'speedSamples', 'segmentsObserved');
      pipeline.zcard(prefix + trafficKeys.congested);
      const results = (await pipeline.exec()) ?? [];
      let speedSum = 0;
      let samples = 0;
      let observed = 0;
      for (const [error, value] of results.slice(0, keys.length)) {
        if (error) throw error;
        const [s, n, o] = (value as (string | null)[]).map((v) => Number(v ?? 0));
        speedSum += s!;
        samples += n!;
        observed += o!;
      }
      const congested = Number(results[keys.length]?.[1] ?? 0);
      return {
        averageSpeedKmh: samples > 0 ? Math.round((speedSum / samples) * 100) / 100 : 0,
        segmentsObserved: observed,
        congestedRoads: congested,
      };
    },
  };
}
