import { MINUTE_MS, samplesAt } from '@city/subgraph-kit';
import type { RawQuery } from './speed-history.js';

/** The city traffic figures at one minute (the live KPI as it was then). */
export interface TrafficMinute {
  readonly averageSpeed: number | null;
  readonly congestedRoads: number | null;
  readonly segmentsObserved: number | null;
}

/** A partition's row is carried over at most this long (the processor closed minutes in a jump). */
const CARRY_MS = 2 * MINUTE_MS;
const NO_DATA: TrafficMinute = { averageSpeed: null, congestedRoads: null, segmentsObserved: null };

/**
 * The city traffic figures at each instant from the processor's per-partition KPI rows
 * (`traffic_kpi_minutes`, written when a 1-minute window closes): the same sums as the live KPI.
 */
export async function trafficMinutes(
  db: RawQuery,
  instants: readonly number[],
): Promise<TrafficMinute[]> {
  if (instants.length === 0) return [];
  const rows = await db.$queryRawUnsafe<
    {
      minute: Date;
      partition: number;
      speed_sum_kmh: number;
      speed_samples: number;
      segments_observed: number;
      congested_segments: number;
    }[]
  >(
    `SELECT minute, partition, speed_sum_kmh, speed_samples, segments_observed, congested_segments
       FROM traffic_kpi_minutes WHERE minute >= $1::timestamptz AND minute <= $2::timestamptz`,
    new Date(Math.min(...instants) - CARRY_MS).toISOString(),
    new Date(Math.max(...instants)).toISOString(),
  );
  const samples = rows.map((r) => ({ ...r, minute: r.minute.getTime() }));
  return samplesAt(instants, samples, CARRY_MS).map((list) => {
    if (list.length === 0) return NO_DATA;
    let speedSum = 0;
    let speedSamples = 0;
    let observed = 0;
    let congested = 0;
    for (const r of list) {
      speedSum += r.speed_sum_kmh;
      speedSamples += r.speed_samples;
      observed += r.segments_observed;
      congested += r.congested_segments;
    }
    return {
      averageSpeed: speedSamples > 0 ? Math.round((speedSum / speedSamples) * 100) / 100 : null,
      congestedRoads: congested,
      segmentsObserved: observed,
    };
  });
}
