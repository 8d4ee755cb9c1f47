import type { DomainRebuild, SqlQuery } from '../../pipeline/rebuild.js';
import type { HotWrite } from '../../pipeline/types.js';
import { createVehiclesState, type VehiclesState } from './vehicles-state.js';

interface RecentVehicle {
  id: string;
  seen_ms: number;
  /** Newest fix of any vehicle minus this vehicle's (ms). */
  behind_ms: number;
  /** Zones whose newest transition for this vehicle is `enter`. */
  zones: string[] | null;
}

/** Vehicles seen within `horizonS` of the newest fix, with the zones they are in. */
function loadRecentVehicles(query: SqlQuery, horizonS: number): Promise<RecentVehicle[]> {
  return query<RecentVehicle>(
    `WITH newest AS (SELECT max(last_seen_at) AS t FROM vehicles),
          recent AS (SELECT v.id, v.last_seen_at, newest.t FROM vehicles v, newest
                      WHERE v.last_seen_at >= newest.t - make_interval(secs => $1)),
          inside AS (
            SELECT vehicle_id, zone_id FROM (
              SELECT DISTINCT ON (g.vehicle_id, g.zone_id) g.vehicle_id, g.zone_id, g.transition
                FROM geofence_transitions g JOIN recent r ON r.id = g.vehicle_id
               ORDER BY g.vehicle_id, g.zone_id, g.occurred_at DESC, g.id DESC) last
             WHERE transition = 'enter')
     SELECT r.id, (extract(epoch from r.last_seen_at) * 1000)::float8 AS seen_ms,
            (extract(epoch from r.t - r.last_seen_at) * 1000)::float8 AS behind_ms,
            array_agg(i.zone_id ORDER BY i.zone_id) FILTER (WHERE i.zone_id IS NOT NULL) AS zones
       FROM recent r LEFT JOIN inside i ON i.vehicle_id = r.id
      GROUP BY r.id, r.last_seen_at, r.t`,
    horizonS,
  );
}

/**
 * Vehicles from PostgreSQL. Hot: zone memberships (`zone:<id>:vehicles`) of the vehicles the stage
 * still remembers (seen within max(stale, hot TTL) of the newest fix), from each vehicle's newest
 * transition per zone. Vehicle hashes, the geo index and the active set come back with the next fix
 * (every vehicle reports every second or so); the speeding set with the next speeding episode.
 * State: per vehicle its newest fix time and its zones, so the next fix does not enter them again.
 * Approximate: a vehicle speeding at the loss starts a new episode on its next speeding fix, and
 * a standing vehicle restarts its parked timer.
 */
export function createVehiclesRebuild(options: {
  readonly staleSeconds: number;
  readonly hotTtlSeconds: number;
  readonly zoneMembers: (zoneId: string) => string;
}): DomainRebuild<VehiclesState> {
  const horizonS = Math.max(options.staleSeconds, options.hotTtlSeconds);
  return {
    async hot({ query }) {
      return (await loadRecentVehicles(query, horizonS)).flatMap((v) =>
        (v.zones ?? []).map((z): HotWrite => ({
          op: 'sadd',
          key: options.zoneMembers(z),
          member: v.id,
        })),
      );
    },
    async state(ctx) {
      if (ctx.topic !== 'gps_data') return undefined;
      const state = createVehiclesState();
      for (const v of await loadRecentVehicles(ctx.query, horizonS)) {
        if (!ctx.owns(v.id)) continue;
        const behind = Number(v.behind_ms);
        state.vehicles[v.id] = {
          f: Number(v.seen_ms),
          s: ctx.now - behind,
          z: v.zones ?? [],
          o: false,
          a: behind <= options.staleSeconds * 1000,
        };
      }
      return state;
    },
  };
}
