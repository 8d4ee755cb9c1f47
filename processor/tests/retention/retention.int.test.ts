// The retention job against the real PostgreSQL: a migrated schema of its own per run.
import { connectPgSession, quoteIdent, runMigrations } from '@city/db';
import { loadInfraConfig, uniqueName } from '@city/infra';
import { createLogger } from '@city/log';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProcessorMetrics } from '../../src/metrics/processor-metrics.js';
import { retentionCutoff } from '../../src/retention/retention-cutoff.js';
import {
  createRetentionJob,
  type RetentionJobDeps,
  type RetentionSession,
} from '../../src/retention/retention-job.js';
import {
  KEPT_TABLES,
  RETENTION_TABLES,
  type RetentionPolicy,
} from '../../src/retention/retention-policies.js';
import {
  chunkDeleteSql,
  RETENTION_LOCK_CLASS,
  TRY_LOCK_SQL,
  UNLOCK_SQL,
} from '../../src/retention/retention-sql.js';

const infra = loadInfraConfig(process.env, { warn: () => {} });
const schema = uniqueName('retention', '_');
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Rows of each table from an array of times (`$1`); `i` numbers them for unique keys. */
const INSERTS: Record<string, string> = {
  traffic_windows: `INSERT INTO traffic_windows (segment_id, window_start, window_seconds, window_end,
      free_flow_kmh, volume, flow_per_hour, speed_samples, probe_vehicles, camera_vehicles)
    SELECT i, t, 60, t + interval '1 minute', 50, 1, 60, 1, 1, 0
      FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, i)`,
  speeding_events: `INSERT INTO speeding_events (id, vehicle_id, vehicle_type, segment_id, speed_kmh,
      limit_kmh, latitude, longitude, occurred_at)
    SELECT md5('s' || i)::uuid, 'v' || i, 'car', 1, 80, 50, 37.7, -122.4, t
      FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, i)`,
  geofence_transitions: `INSERT INTO geofence_transitions (id, vehicle_id, zone_id, zone_kind,
      transition, latitude, longitude, occurred_at)
    SELECT md5('g' || i)::uuid, 'v' || i, 'nbhd:x', 'neighborhood', 'enter', 37.7, -122.4, t
      FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, i)`,
  vehicle_count_minutes: `INSERT INTO vehicle_count_minutes (minute, partition, active_vehicles)
    SELECT t, 0, 5 FROM unnest($1::timestamptz[]) AS x(t)`,
  traffic_kpi_minutes: `INSERT INTO traffic_kpi_minutes (minute, partition, speed_sum_kmh,
      speed_samples, segments_observed, congested_segments)
    SELECT t, 0, 100, 2, 2, 0 FROM unnest($1::timestamptz[]) AS x(t)`,
  air_quality_minutes: `INSERT INTO air_quality_minutes (minute, partition, stations, aqi_sum,
      worst_aqi, worst_station_id)
    SELECT t, 0, 1, 40, 40, 'aq-1' FROM unnest($1::timestamptz[]) AS x(t)`,
  air_quality_hourly: `INSERT INTO air_quality_hourly (station_id, hour_start, samples, latitude,
      longitude, pm25_avg, pm25_max, pm10_avg, pm10_max, o3_avg_ppb, o3_max_ppb, no2_avg_ppb,
      no2_max_ppb, co_avg_ppm, co_max_ppm, noise_avg_dba, noise_max_dba, aqi_max, dominant_pollutant)
    SELECT 'aq-' || i, t, 1, 37.7, -122.4, 5, 5, 10, 10, 20, 20, 10, 10, 0.5, 0.5, 50, 50, 30, 'pm25'
      FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, i)`,
  weather_hourly: `INSERT INTO weather_hourly (station_id, hour_start, samples, latitude, longitude,
      temperature_avg_c, temperature_min_c, temperature_max_c, humidity_avg_pct, wind_speed_avg_kmh,
      wind_speed_max_kmh, precipitation_avg_mm_per_h, precipitation_max_mm_per_h, pressure_avg_hpa,
      condition)
    SELECT 'w-' || i, t, 1, 37.7, -122.4, 15, 14, 16, 70, 10, 12, 0, 0, 1013, 'clear'
      FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, i)`,
  // Cleared episodes: they ended at t.
  health_alerts: `INSERT INTO health_alerts (id, station_id, status, category, aqi,
      dominant_pollutant, peak_aqi, peak_category, latitude, longitude, started_at, ended_at,
      last_event_at)
    SELECT 'aq-' || i || '-' || extract(epoch FROM t)::bigint, 'aq-' || i, 'cleared', 'good', 40,
           'pm25', 160, 'unhealthy', 37.7, -122.4, t - interval '3 hours', t, t
      FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, i)`,
  processed_events: `INSERT INTO processed_events (consumer, event_id, topic, processed_at)
    SELECT 'test', md5('p' || i)::uuid, 'gps_data', t
      FROM unnest($1::timestamptz[]) WITH ORDINALITY AS x(t, i)`,
};

let admin: RetentionSession;
const connect = () => connectPgSession({ databaseUrl: infra.databaseUrl, schema });

beforeAll(async () => {
  await runMigrations({ databaseUrl: infra.databaseUrl, schema });
  admin = await connect();
});

afterAll(async () => {
  await admin?.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await admin?.end();
});

beforeEach(async () => {
  await admin.query(`TRUNCATE ${RETENTION_TABLES.map((t) => quoteIdent(t.table)).join(', ')}`);
});

async function insert(table: string, times: readonly number[]): Promise<void> {
  await admin.query(INSERTS[table]!, [times.map((t) => new Date(t).toISOString())]);
}

async function timesIn(table: string, column: string): Promise<number[]> {
  const { rows } = await admin.query(
    `SELECT ${quoteIdent(column)} AS t FROM ${quoteIdent(table)} ORDER BY 1`,
  );
  return rows.map((r) => (r.t === null ? Number.NaN : (r.t as Date).getTime()));
}

/** Each DELETE a session sent: table and rows deleted. */
interface Statement {
  readonly table: string;
  readonly rows: number;
}

function recording(statements: Statement[], beforeDelete?: () => Promise<void>) {
  return async (): Promise<RetentionSession> => {
    const session = await connect();
    let first = true;
    return {
      async query(text, values) {
        const table = /^DELETE FROM "([^"]+)"/.exec(text)?.[1];
        if (table && first) {
          first = false;
          await beforeDelete?.();
        }
        const result = await session.query(text, values);
        if (table) statements.push({ table, rows: result.rowCount ?? 0 });
        return result;
      },
      end: () => session.end(),
    };
  };
}

const log = createLogger({
  service: 'retention-test',
  level: process.env.TEST_LOG_LEVEL ?? 'silent',
});

function job(policies: readonly RetentionPolicy[], extra: Partial<RetentionJobDeps> = {}) {
  const metrics = createProcessorMetrics();
  return {
    metrics,
    job: createRetentionJob({
      connect,
      policies,
      chunkRows: 1000,
      pauseMs: 0,
      now: () => NOW,
      log,
      metrics,
      ...extra,
    }),
  };
}

const policies = (days: Record<string, number>): RetentionPolicy[] =>
  RETENTION_TABLES.map((t) => ({ table: t.table, column: t.column, days: days[t.table] ?? 7 }));

describe('retention job (PostgreSQL)', () => {
  it('deletes exactly the rows before each cut-off, in chunks of chunkRows', async () => {
    const cutoffs = new Map<string, number>();
    const kept = new Map<string, number[]>();
    const days: Record<string, number> = {};
    RETENTION_TABLES.forEach((t, n) => (days[t.table] = 3 + n)); // a different horizon each
    for (const t of RETENTION_TABLES) {
      const cutoff = retentionCutoff(NOW, days[t.table]!)!.getTime();
      cutoffs.set(t.table, cutoff);
      const old = [cutoff - 1, cutoff - DAY, cutoff - 400 * DAY];
      const young = [cutoff, cutoff + 1, NOW - MINUTE];
      kept.set(t.table, young);
      await insert(t.table, [...old, ...young]);
    }
    // traffic_windows: 2,500 windows before its cut-off, one a minute.
    const twCutoff = cutoffs.get('traffic_windows')!;
    await insert(
      'traffic_windows',
      Array.from({ length: 2500 - 3 }, (_, i) => twCutoff - (i + 2) * MINUTE),
    );
    // An active health alert that started long ago has no end: never deleted.
    await admin.query(
      `INSERT INTO health_alerts (id, station_id, status, category, aqi, dominant_pollutant,
         peak_aqi, peak_category, latitude, longitude, started_at, ended_at, last_event_at)
       VALUES ('aq-active', 'aq-active', 'active', 'unhealthy', 160, 'pm25', 160, 'unhealthy',
         37.7, -122.4, $1, NULL, $2)`,
      [new Date(NOW - 1000 * DAY).toISOString(), new Date(NOW - MINUTE).toISOString()],
    );

    const statements: Statement[] = [];
    const { job: retention, metrics } = job(policies(days), { connect: recording(statements) });
    const run = await retention.run();

    expect(run.outcome).toBe('done');
    const expectedDeleted = Object.fromEntries(
      RETENTION_TABLES.map((t) => [t.table, t.table === 'traffic_windows' ? 2500 : 3]),
    );
    expect(run.deleted).toEqual(expectedDeleted);
    for (const t of RETENTION_TABLES) {
      const remaining = await timesIn(t.table, t.column);
      if (t.table === 'health_alerts') {
        expect(remaining.slice(0, 3)).toEqual(kept.get(t.table));
        expect(remaining[3]).toBeNaN(); // the active alert
        expect(remaining).toHaveLength(4);
      } else {
        expect(remaining, t.table).toEqual(kept.get(t.table));
      }
    }
    // In chunks: 1000 + 1000 + 500 for traffic_windows; one short statement for the others.
    expect(statements.filter((s) => s.table === 'traffic_windows').map((s) => s.rows)).toEqual([
      1000, 1000, 500,
    ]);
    expect(statements).toHaveLength(3 + RETENTION_TABLES.length - 1);
    expect(run.statements).toBe(statements.length);
    const counter = await metrics.registry
      .getSingleMetric('processor_retention_deleted_rows_total')
      ?.get();
    expect(
      Object.fromEntries((counter?.values ?? []).map((v) => [v.labels.table, v.value])),
    ).toEqual(expectedDeleted);

    // Nothing left to do: a second run deletes nothing, one statement per table.
    const again = await retention.run();
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
    expect(again.statements).toBe(RETENTION_TABLES.length);
  });

  it('keeps every row of a table whose horizon is 0', async () => {
    const old = [NOW - 1000 * DAY, NOW - 100 * DAY, NOW - 8 * DAY];
    await insert('traffic_windows', old);
    await insert('speeding_events', old);
    const statements: Statement[] = [];
    const { job: retention } = job(policies({ traffic_windows: 0, speeding_events: 7 }), {
      connect: recording(statements),
    });
    const run = await retention.run();
    expect(run.deleted.traffic_windows).toBeUndefined();
    expect(run.deleted.speeding_events).toBe(3);
    expect(await timesIn('traffic_windows', 'window_start')).toEqual(old);
    expect(await timesIn('speeding_events', 'occurred_at')).toEqual([]);
    expect(statements.some((s) => s.table === 'traffic_windows')).toBe(false);
  });

  it('skips while another session holds the lock of this schema', async () => {
    const old = [NOW - 100 * DAY, NOW - 30 * DAY];
    await insert('weather_hourly', old);
    const holder = await connect();
    try {
      const held = await holder.query(TRY_LOCK_SQL, [RETENTION_LOCK_CLASS]);
      expect(held.rows[0]?.locked).toBe(true);
      const { job: retention, metrics } = job(policies({}));
      expect((await retention.run()).outcome).toBe('skipped');
      expect(await timesIn('weather_hourly', 'hour_start')).toEqual(old);
      const runs = await metrics.registry.getSingleMetric('processor_retention_runs_total')?.get();
      expect(runs?.values.map((v) => [v.labels.outcome, v.value])).toEqual([['skipped', 1]]);

      await holder.query(UNLOCK_SQL, [RETENTION_LOCK_CLASS]);
      expect((await retention.run()).outcome).toBe('done');
      expect(await timesIn('weather_hourly', 'hour_start')).toEqual([]);
    } finally {
      await holder.end();
    }
  });

  it('lets one of two concurrent runs work and skips the other', async () => {
    await insert('traffic_windows', [NOW - 30 * DAY, NOW - 20 * DAY, NOW - MINUTE]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstHasLock!: () => void;
    const locked = new Promise<void>((resolve) => (firstHasLock = resolve));
    const statements: Statement[] = [];
    const first = job(policies({}), {
      connect: recording(statements, async () => {
        firstHasLock();
        await gate; // holds the lock until the second run is over
      }),
    }).job.run();
    await locked;
    const second = await job(policies({})).job.run();
    expect(second.outcome).toBe('skipped');
    release();
    const done = await first;
    expect(done.outcome).toBe('done');
    expect(done.deleted.traffic_windows).toBe(2);
    expect(await timesIn('traffic_windows', 'window_start')).toEqual([NOW - MINUTE]);
  });

  it('is not blocked by the lock of another schema (another deployment in the database)', async () => {
    await insert('speeding_events', [NOW - 30 * DAY]);
    const other = await connectPgSession({ databaseUrl: infra.databaseUrl, schema: 'public' });
    try {
      // Held in another schema's key; released by end() if the test fails.
      await other.query(TRY_LOCK_SQL, [RETENTION_LOCK_CLASS]);
      expect((await job(policies({})).job.run()).outcome).toBe('done');
      expect(await timesIn('speeding_events', 'occurred_at')).toEqual([]);
    } finally {
      await other.end();
    }
  });

  it('walks an index on each time column and deletes by TID', async () => {
    for (const t of RETENTION_TABLES) {
      const { rows } = await admin.query(
        `SELECT i.indexrelid::regclass::text AS name
           FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = $1::regclass AND a.attname = $2`,
        [`${quoteIdent(schema)}.${quoteIdent(t.table)}`, t.column],
      );
      expect(rows.length, `an index led by ${t.table}.${t.column}`).toBeGreaterThan(0);
    }
    const session = await connect();
    try {
      await session.query('SET enable_seqscan = off');
      for (const t of RETENTION_TABLES) {
        const { rows } = await session.query(`EXPLAIN ${chunkDeleteSql(t.table, t.column)}`, [
          new Date(NOW).toISOString(),
          1000,
        ]);
        const plan = rows.map((r) => String(r['QUERY PLAN'])).join('\n');
        expect(plan, t.table).toContain('Tid Scan');
        expect(plan, t.table).toMatch(/Index (Only )?Scan/);
        expect(plan, t.table).not.toContain('Seq Scan');
      }
    } finally {
      await session.end();
    }
  });

  it('decides for every table of the schema: pruned or kept', async () => {
    const { rows } = await admin.query(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`,
      [schema],
    );
    const decided = [...RETENTION_TABLES.map((t) => t.table), ...Object.keys(KEPT_TABLES)];
    expect(rows.map((r) => r.name).sort()).toEqual(decided.sort());
  });
});
