import type { Bbox, Near } from '@city/subgraph-kit';
import { INCIDENT_COLUMNS, type IncidentRow } from './incident-row.js';

/** The part of PrismaClient reads need. */
export interface RawQuery {
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
}

export interface IncidentSearch {
  readonly statuses: readonly string[] | null;
  readonly severities: readonly string[] | null;
  readonly types: readonly string[] | null;
  readonly bbox: Bbox | null;
  readonly near: Near | null;
  readonly from: Date | null;
  readonly to: Date | null;
  /** Keyset position: incidents strictly after (older than) this one. */
  readonly after: { readonly t: number; readonly id: string } | null;
  readonly limit: number;
}

export interface TimelineRow {
  readonly incident_id: string;
  readonly kind: 'STATUS' | 'UNIT';
  readonly occurred_at: Date;
  readonly status: string | null;
  readonly step: string | null;
  readonly unit_id: string | null;
  readonly actor: string;
  readonly note: string | null;
}

export interface IncidentStore {
  byIds(ids: readonly string[]): Promise<(IncidentRow | null)[]>;
  search(search: IncidentSearch): Promise<IncidentRow[]>;
  /** Active incidents, most severe first, then newest. */
  active(limit: number): Promise<IncidentRow[]>;
  activeCountsBySeverity(): Promise<Map<string, number>>;
  /** Timelines of the incidents, oldest first per incident. */
  timelines(ids: readonly string[]): Promise<TimelineRow[][]>;
  /** Units involved per incident, in the order they were first involved. */
  unitIds(ids: readonly string[]): Promise<string[][]>;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Reads incidents from PostgreSQL (the processor's rows and the mutations' writes). */
export function createIncidentStore(db: RawQuery): IncidentStore {
  return {
    async byIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.$queryRawUnsafe<IncidentRow[]>(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents WHERE id = ANY($1::text[])`,
        ids,
      );
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    },

    async search(s) {
      const where: string[] = [];
      const params: unknown[] = [];
      const param = (value: unknown) => {
        params.push(value);
        return `$${params.length}`;
      };
      if (s.statuses) where.push(`status::text = ANY(${param(s.statuses)}::text[])`);
      if (s.severities) where.push(`severity::text = ANY(${param(s.severities)}::text[])`);
      if (s.types) where.push(`type::text = ANY(${param(s.types)}::text[])`);
      if (s.bbox) {
        where.push(
          `latitude BETWEEN ${param(s.bbox.minLat)} AND ${param(s.bbox.maxLat)}`,
          `longitude BETWEEN ${param(s.bbox.minLon)} AND ${param(s.bbox.maxLon)}`,
        );
      }
      if (s.near) {
        const lat = param(s.near.lat);
        const lon = param(s.near.lon);
        where.push(
          `${EARTH_RADIUS_M} * 2 * asin(sqrt(power(sin(radians(latitude - ${lat}) / 2), 2) + cos(radians(${lat})) * cos(radians(latitude)) * power(sin(radians(longitude - ${lon}) / 2), 2))) <= ${param(s.near.radiusM)}`,
        );
      }
      if (s.from) where.push(`reported_at >= ${param(s.from.toISOString())}::timestamptz`);
      if (s.to) where.push(`reported_at < ${param(s.to.toISOString())}::timestamptz`);
      if (s.after) {
        where.push(
          `(reported_at, id) < (${param(new Date(s.after.t).toISOString())}::timestamptz, ${param(s.after.id)})`,
        );
      }
      return db.$queryRawUnsafe<IncidentRow[]>(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents
          ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY reported_at DESC, id DESC LIMIT ${param(s.limit)}`,
        ...params,
      );
    },

    active(limit) {
      return db.$queryRawUnsafe<IncidentRow[]>(
        `SELECT ${INCIDENT_COLUMNS} FROM incidents
          WHERE status NOT IN ('resolved', 'cancelled')
          ORDER BY severity DESC, reported_at DESC, id DESC LIMIT $1`,
        limit,
      );
    },

    async activeCountsBySeverity() {
      const rows = await db.$queryRawUnsafe<{ severity: string; n: number }[]>(
        `SELECT severity::text AS severity, count(*)::int AS n FROM incidents
          WHERE status NOT IN ('resolved', 'cancelled') GROUP BY severity`,
      );
      return new Map(rows.map((r) => [r.severity, Number(r.n)]));
    },

    async timelines(ids) {
      if (ids.length === 0) return [];
      const rows = await db.$queryRawUnsafe<TimelineRow[]>(
        `SELECT incident_id, 'STATUS' AS kind, occurred_at, status::text AS status, NULL AS step,
                unit_id, actor, note
           FROM incident_events WHERE incident_id = ANY($1::text[])
         UNION ALL
         SELECT incident_id, 'UNIT' AS kind, occurred_at, NULL, step, unit_id, actor, NULL
           FROM incident_response_steps WHERE incident_id = ANY($1::text[])
         ORDER BY occurred_at, kind`,
        ids,
      );
      const by = new Map<string, TimelineRow[]>(ids.map((id) => [id, []]));
      for (const r of rows) by.get(r.incident_id)?.push(r);
      return ids.map((id) => by.get(id)!);
    },

    async unitIds(ids) {
      if (ids.length === 0) return [];
      const rows = await db.$queryRawUnsafe<{ incident_id: string; unit_id: string }[]>(
        `SELECT incident_id, unit_id FROM incident_response_steps
          WHERE incident_id = ANY($1::text[])
          GROUP BY incident_id, unit_id ORDER BY min(occurred_at), unit_id`,
        ids,
      );
      const by = new Map<string, string[]>(ids.map((id) => [id, []]));
      for (const r of rows) by.get(r.incident_id)?.push(r.unit_id);
      return ids.map((id) => by.get(id)!);
    },
  };
}
