import { MINUTE_MS, samplesAt } from '@city/subgraph-kit';
import type { RawQuery } from './history-store.js';

/** The city air-quality figures at one instant. */
export interface AirQualityMinute {
  readonly worstAqi: number | null;
  readonly averageAqi: number | null;
  readonly activeHealthAlerts: number | null;
}

export interface AirQualityMinutes {
  at(instants: readonly number[]): Promise<AirQualityMinute[]>;
}

/** A partition's sample is carried over at most this long (its minute had no batch). */
const CARRY_MS = 2 * MINUTE_MS;

/**
 * Worst and mean AQI from the processor's per-partition samples (`air_quality_minutes`), active
 * health alerts from the episodes in `health_alerts` (started by then, not ended by then).
 */
export function createAirQualityMinutes(db: RawQuery): AirQualityMinutes {
  return {
    async at(instants) {
      if (instants.length === 0) return [];
      const from = new Date(Math.min(...instants)).toISOString();
      const to = new Date(Math.max(...instants)).toISOString();
      const [rows, alerts] = await Promise.all([
        db.$queryRawUnsafe<
          {
            minute: Date;
            partition: number;
            stations: number;
            aqi_sum: number;
            worst_aqi: number;
          }[]
        >(
          `SELECT minute, partition, stations, aqi_sum, worst_aqi FROM air_quality_minutes
            WHERE minute >= $1::timestamptz AND minute <= $2::timestamptz`,
          new Date(Math.min(...instants) - CARRY_MS).toISOString(),
          to,
        ),
        db.$queryRawUnsafe<{ at: Date; n: number }[]>(
          `SELECT m.at, count(a.id)::int AS n
             FROM unnest($1::timestamptz[]) AS m(at)
             LEFT JOIN health_alerts a
               ON a.started_at <= m.at AND (a.ended_at IS NULL OR a.ended_at > m.at)
              AND a.started_at <= $3::timestamptz
              AND (a.status = 'active' OR a.ended_at > $2::timestamptz)
            GROUP BY m.at`,
          instants.map((t) => new Date(t).toISOString()),
          from,
          to,
        ),
      ]);
      const alertsAt = new Map(alerts.map((a) => [a.at.getTime(), Number(a.n)]));
      const samples = rows.map((r) => ({ ...r, minute: r.minute.getTime() }));
      return samplesAt(instants, samples, CARRY_MS).map((list, i) => {
        const stations = list.reduce((n, r) => n + r.stations, 0);
        return {
          worstAqi: list.length ? Math.max(...list.map((r) => r.worst_aqi)) : null,
          averageAqi:
            stations > 0
              ? Math.round((list.reduce((n, r) => n + r.aqi_sum, 0) / stations) * 10) / 10
              : null,
          activeHealthAlerts: alertsAt.get(instants[i]!) ?? 0,
        };
      });
    },
  };
}
