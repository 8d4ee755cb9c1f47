import type { RawQuery } from './incident-store.js';

export interface IncidentHistory {
  /** Incidents active (reported, not yet resolved or cancelled) at each instant, in order. */
  activeAt(instants: readonly number[]): Promise<number[]>;
}

/**
 * Counts from `incidents` alone: `resolved_at` is set by resolution and by cancellation, so an
 * incident is active at t when reported_at <= t < resolved_at. A closed incident without
 * `resolved_at` (not written by this platform) never counts.
 */
export function createIncidentHistory(db: RawQuery): IncidentHistory {
  return {
    async activeAt(instants) {
      if (instants.length === 0) return [];
      const isos = instants.map((t) => new Date(t).toISOString());
      const rows = await db.$queryRawUnsafe<{ at: Date; n: number }[]>(
        `WITH open AS (
           SELECT reported_at, resolved_at FROM incidents
            WHERE reported_at <= $3::timestamptz
              AND (resolved_at > $2::timestamptz
                   OR (resolved_at IS NULL AND status NOT IN ('resolved', 'cancelled'))))
         SELECT m.at, count(o.reported_at)::int AS n
           FROM unnest($1::timestamptz[]) AS m(at)
           LEFT JOIN open o
             ON o.reported_at <= m.at AND (o.resolved_at IS NULL OR o.resolved_at > m.at)
          GROUP BY m.at`,
        isos,
        new Date(Math.min(...instants)).toISOString(),
        new Date(Math.max(...instants)).toISOString(),
      );
      const byInstant = new Map(rows.map((r) => [r.at.getTime(), Number(r.n)]));
      return instants.map((t) => byInstant.get(t) ?? 0);
    },
  };
}
