import type { Redis } from 'ioredis';
import { emergencyKeys } from './redis-keys.js';

/** A unit as the processor keeps it in `em:unit:<id>`. */
export interface UnitRecord {
  readonly id: string;
  /** ambulance | fire_engine | police */
  readonly type: string;
  /** Contract unit status, e.g. available, en_route. */
  readonly status: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly statusAt: string;
  /** Incident named by the last status report. */
  readonly incidentId: string | null;
  /** Incident of the last dispatch command, and when it was issued. */
  readonly dispatchedIncidentId: string | null;
  readonly dispatchedAt: string | null;
}

const FREE = new Set(['available', 'returning', 'out_of_service']);

/**
 * The incident a unit is assigned to: a dispatch order newer than its last status report wins
 * (the unit has not answered yet); otherwise the incident its status names, unless it is free.
 */
export function currentIncidentId(u: UnitRecord): string | null {
  if (
    u.dispatchedIncidentId &&
    u.dispatchedAt &&
    Date.parse(u.dispatchedAt) > Date.parse(u.statusAt)
  )
    return u.dispatchedIncidentId;
  if (FREE.has(u.status)) return null;
  return u.incidentId;
}

export function parseUnitHash(id: string, h: Record<string, string>): UnitRecord | null {
  if (!h.type || !h.status) return null;
  return {
    id,
    type: h.type,
    status: h.status,
    latitude: Number(h.latitude),
    longitude: Number(h.longitude),
    statusAt: h.statusAt ?? new Date(0).toISOString(),
    incidentId: h.incidentId || null,
    dispatchedIncidentId: h.dispatchedIncidentId || null,
    dispatchedAt: h.dispatchedAt || null,
  };
}

export interface UnitStore {
  getMany(ids: readonly string[]): Promise<(UnitRecord | null)[]>;
  availableIds(): Promise<string[]>;
  allIds(): Promise<string[]>;
}

/** Reads the processor's unit hot state; multi-key reads are single pipelines. */
export function createUnitStore(redis: Redis, prefix: string): UnitStore {
  return {
    async getMany(ids) {
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(prefix + emergencyKeys.unit(id));
      const results = (await pipeline.exec()) ?? [];
      return results.map(([error, value], i) => {
        if (error) throw error;
        return parseUnitHash(ids[i]!, (value ?? {}) as Record<string, string>);
      });
    },
    availableIds: () => redis.smembers(prefix + emergencyKeys.availableUnits),
    allIds: () => redis.zrange(prefix + emergencyKeys.unitGeo, 0, -1),
  };
}
