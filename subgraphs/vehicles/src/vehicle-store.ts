import type { Redis } from 'ioredis';
import { hmgetMany, type Bbox, type Near } from '@city/subgraph-kit';
import { bboxSearchBox, inBbox } from './geo-math.js';
import { VEHICLE_KEYS } from './redis-keys.js';
import {
  VEHICLE_FIELDS,
  parseTelemetryHash,
  parseVehicleHash,
  type TelemetryRecord,
  type VehicleRecord,
} from './vehicle-record.js';

export interface VehicleSearch {
  readonly types: readonly string[] | null;
  readonly bbox: Bbox | null;
  readonly near: Near | null;
  readonly limit: number;
}

export interface VehicleStore {
  /** Hashes of the vehicles in one pipeline, in order; null for unknown ids. */
  getMany(ids: readonly string[]): Promise<(VehicleRecord | null)[]>;
  telemetryMany(ids: readonly string[]): Promise<(TelemetryRecord | null)[]>;
  search(search: VehicleSearch): Promise<VehicleRecord[]>;
  activeIds(): Promise<string[]>;
  activeCount(): Promise<number>;
  /** Vehicles inside each zone (SCARD of the processor's zone membership sets). */
  zoneCounts(zoneIds: readonly string[]): Promise<number[]>;
}

/** Reads the processor's vehicles hot state. All multi-key reads are single pipelines. */
export function createVehicleStore(redis: Redis, prefix: string): VehicleStore {
  async function hgetallMany(keys: readonly string[]): Promise<Record<string, string>[]> {
    if (keys.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.hgetall(prefix + key);
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      return (value ?? {}) as Record<string, string>;
    });
  }

  async function getMany(ids: readonly string[]) {
    const keys = ids.map((id) => prefix + VEHICLE_KEYS.vehicle(id));
    const hashes = await hmgetMany(redis, keys, VEHICLE_FIELDS);
    return hashes.map((h, i) => parseVehicleHash(ids[i]!, h));
  }

  return {
    getMany,
    async telemetryMany(ids) {
      const hashes = await hgetallMany(ids.map((id) => VEHICLE_KEYS.telemetry(id)));
      return hashes.map(parseTelemetryHash);
    },
    async activeIds() {
      return redis.zrevrange(prefix + VEHICLE_KEYS.active, 0, -1);
    },
    async activeCount() {
      return redis.zcard(prefix + VEHICLE_KEYS.active);
    },
    async zoneCounts(zoneIds) {
      if (zoneIds.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of zoneIds) pipeline.scard(prefix + VEHICLE_KEYS.zoneMembers(id));
      const results = (await pipeline.exec()) ?? [];
      return results.map(([error, value]) => {
        if (error) throw error;
        return Number(value);
      });
    },
    async search({ types, bbox, near, limit }) {
      const geoKey = prefix + VEHICLE_KEYS.geo;
      const typeSet = types ? new Set(types) : null;
      // Without a type filter the geo index can stop at `limit`; with one, later members may match.
      const count = types ? [] : ['COUNT', String(limit)];
      let ids: string[];
      if (near) {
        ids = (await redis.call(
          'GEOSEARCH',
          geoKey,
          'FROMLONLAT',
          String(near.lon),
          String(near.lat),
          'BYRADIUS',
          String(near.radiusM),
          'm',
          'ASC',
          ...count,
        )) as string[];
      } else if (bbox) {
        const box = bboxSearchBox(bbox);
        ids = (await redis.call(
          'GEOSEARCH',
          geoKey,
          'FROMLONLAT',
          String(box.lon),
          String(box.lat),
          'BYBOX',
          String(box.widthM),
          String(box.heightM),
          'm',
        )) as string[];
      } else {
        ids = await redis.zrevrange(prefix + VEHICLE_KEYS.active, 0, types ? -1 : limit - 1);
      }
      const out: VehicleRecord[] = [];
      // Read in chunks so a narrow filter over many candidates stops early. Without a type filter
      // nearly every candidate matches (only the search box's corners and inactive vehicles drop
      // out), so the first chunk is about `limit`: one pipeline of ~limit HGETALLs, not one per
      // vehicle in the box.
      let chunk = typeSet ? Math.max(limit, 256) : limit + Math.ceil(limit / 4);
      for (let i = 0; i < ids.length && out.length < limit;) {
        const records = await getMany(ids.slice(i, i + chunk));
        i += chunk;
        chunk = Math.max(limit, 256);
        for (const v of records) {
          if (!v || !v.active) continue;
          if (typeSet && !typeSet.has(v.type)) continue;
          if (bbox && !inBbox(bbox, v.latitude, v.longitude)) continue;
          out.push(v);
          if (out.length >= limit) break;
        }
      }
      return out;
    },
  };
}
