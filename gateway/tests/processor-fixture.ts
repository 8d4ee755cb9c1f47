import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { assertEvent, type GpsEvent } from '@city/contracts';
import { DEFAULT_CITY_DATA_DIR, pointAlongSegment, type RoadNetwork } from '@city/roadgraph';
import type { HotWrite, InputEvent } from '@city/processor/pipeline/types.js';
import { queueHotWrites } from '@city/processor/sinks/redis-hot-sink.js';
import {
  createMapMatcher,
  createVehiclesStage,
  loadNeighbourhoodZones,
  ZoneIndex,
} from '@city/processor/domains/vehicles/index.js';
import { createTrafficStage } from '@city/processor/domains/traffic/index.js';

/**
 * Runs GPS fixes through the REAL processor stages (vehicles -> segment_observations -> traffic)
 * and applies their Redis writes under `prefix`, so the subgraphs read exactly what the processor
 * writes. Returns the traffic_windows rows the traffic stage produced (for PostgreSQL).
 */
export async function runProcessorStages(
  redis: Redis,
  prefix: string,
  network: RoadNetwork,
  fixes: readonly GpsEvent[],
  now: number,
): Promise<Record<string, unknown>[]> {
  const vehicles = createVehiclesStage({
    matcher: createMapMatcher(network, 60),
    zones: new ZoneIndex(loadNeighbourhoodZones(DEFAULT_CITY_DATA_DIR)),
    staleSeconds: 24 * 3600,
    speedingTolerancePct: 10,
    hotTtlSeconds: 3600,
  });
  const traffic = createTrafficStage({ graph: { network } });
  const vState = vehicles.createState();
  const tState = traffic.createState();
  const hot: HotWrite[] = [];
  const windows: Record<string, unknown>[] = [];
  let offset = 0;
  let maxTime = 0;
  const observe = (emits: readonly { topic: string; event: unknown }[], t: number) => {
    for (const emit of emits) {
      if (emit.topic !== 'segment_observations') continue;
      const obs = {
        topic: 'segment_observations',
        event: emit.event,
        partition: 0,
        offset: String(offset++),
        produceTime: t,
      } as InputEvent;
      hot.push(...traffic.apply(obs, tState, { now, watermark: t - 30_000 }).hot);
    }
  };
  for (const fix of fixes) {
    assertEvent('gps_data', fix);
    const t = Date.parse(fix.timestamp);
    maxTime = Math.max(maxTime, t);
    const input = {
      topic: 'gps_data',
      event: fix,
      partition: 0,
      offset: String(offset++),
      produceTime: t,
    } as InputEvent;
    const w = vehicles.apply(input, vState, { now, watermark: t - 30_000 });
    hot.push(...w.hot);
    observe(w.emits, t);
  }
  // The vehicles' open runs of fixes leave once they are silent.
  observe(
    vehicles.flush!(vState, { now: now + 60_000, watermark: maxTime - 30_000 }).emits,
    maxTime,
  );
  // Close the windows up to the last fix's minute (later flushes would age the segment out).
  const flushed = traffic.flush!(tState, { now, watermark: maxTime + 60_000 });
  hot.push(...flushed.hot);
  for (const d of flushed.durable) if (d.table === 'traffic_windows') windows.push(d.row);
  const multi = redis.multi();
  queueHotWrites(multi, prefix, hot);
  await multi.exec();
  return windows;
}

/** Fixes of one vehicle driving along a segment at `speedKmh`, every 10 s for `minutes`. */
export function fixesAlong(
  network: RoadNetwork,
  segmentId: number,
  vehicleId: string,
  vehicleType: GpsEvent['vehicleType'],
  speedKmh: number,
  start: number,
  minutes: number,
): GpsEvent[] {
  const s = network.segments[segmentId]!;
  const out: GpsEvent[] = [];
  for (let i = 0; i < minutes * 6; i++) {
    const p = pointAlongSegment(s, Math.min(s.lengthM * 0.5, s.lengthM * (0.3 + i * 0.002)));
    out.push({
      schemaVersion: 1,
      eventId: randomUUID(),
      timestamp: new Date(start + i * 10_000).toISOString(),
      source: 'test',
      vehicleId,
      vehicleType,
      latitude: p.lat,
      longitude: p.lon,
      speedKmh,
      headingDeg: p.headingDeg,
      accuracyM: 3,
    } as GpsEvent);
  }
  return out;
}
