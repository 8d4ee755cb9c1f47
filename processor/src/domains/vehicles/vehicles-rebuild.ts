import type { DomainRebuild } from '../../pipeline/rebuild.js';
import type { HotWrite } from '../../pipeline/types.js';
import type { VehiclesState } from './vehicles-state.js';

/**
 * Vehicles from PostgreSQL: zone memberships (`zone:<id>:vehicles`) of vehicles seen within the
 * staleness window, from each vehicle's newest transition per zone. Vehicle hashes, the geo index
 * and the active set come back from the next fix (every vehicle reports every second or so); the
 * speeding set from the next speeding fix.
 */
export function createVehiclesRebuild(
  staleSeconds: number,
  zoneMembers: (zoneId: string) => string,
): DomainRebuild<VehiclesState> {
  return {
    async hot({ query }) {
      const rows = await query<{ vehicle_id: string; zone_id: string }>(
        `WITH newest AS (SELECT max(last_seen_at) AS t FROM vehicles),
              recent AS (SELECT v.id FROM vehicles v, newest
                          WHERE v.last_seen_at >= newest.t - make_interval(secs => $1))
         SELECT vehicle_id, zone_id FROM (
           SELECT DISTINCT ON (g.vehicle_id, g.zone_id) g.vehicle_id, g.zone_id, g.transition
             FROM geofence_transitions g JOIN recent r ON r.id = g.vehicle_id
            ORDER BY g.vehicle_id, g.zone_id, g.occurred_at DESC, g.id DESC) last
          WHERE transition = 'enter'`,
        staleSeconds,
      );
      return rows.map((r): HotWrite => ({
        op: 'sadd',
        key: zoneMembers(r.zone_id),
        member: r.vehicle_id,
      }));
    },
  };
}
