/** The part of PrismaClient this needs. */
export interface RawQuery {
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
}

export interface HourRange {
  readonly stationId: string;
  readonly from: Date;
  readonly to: Date;
  /** Keyset: hours starting after this. */
  readonly after: Date | null;
  readonly limit: number;
}

export interface AirQualityHourRow {
  readonly hour_start: Date;
  readonly samples: number;
  readonly pm25_avg: number;
  readonly pm25_max: number;
  readonly pm10_avg: number;
  readonly o3_avg_ppb: number;
  readonly no2_avg_ppb: number;
  readonly co_avg_ppm: number;
  readonly noise_avg_dba: number;
  readonly aqi_max: number;
  readonly dominant_pollutant: string;
}

export interface WeatherHourRow {
  readonly hour_start: Date;
  readonly samples: number;
  readonly temperature_avg_c: number;
  readonly temperature_min_c: number;
  readonly temperature_max_c: number;
  readonly humidity_avg_pct: number;
  readonly wind_speed_avg_kmh: number;
  readonly wind_speed_max_kmh: number;
  readonly precipitation_avg_mm_per_h: number;
  readonly pressure_avg_hpa: number;
  readonly condition: string;
}

export interface AlertRow {
  readonly id: string;
  readonly station_id: string;
  readonly status: string;
  readonly category: string;
  readonly aqi: number;
  readonly peak_aqi: number;
  readonly dominant_pollutant: string;
  readonly started_at: Date;
  readonly ended_at: Date | null;
}

export interface AlertSearch {
  readonly status: string | null;
  readonly stationId: string | null;
  readonly from: Date | null;
  readonly to: Date | null;
  readonly after: { readonly t: number; readonly id: string } | null;
  readonly limit: number;
}

function hours<T>(db: RawQuery, table: string, columns: string, q: HourRange): Promise<T[]> {
  return db.$queryRawUnsafe<T[]>(
    `SELECT ${columns} FROM ${table}
      WHERE station_id = $1 AND hour_start >= $2::timestamptz AND hour_start < $3::timestamptz
        AND ($4::timestamptz IS NULL OR hour_start > $4::timestamptz)
      ORDER BY hour_start LIMIT $5`,
    q.stationId,
    q.from.toISOString(),
    q.to.toISOString(),
    q.after?.toISOString() ?? null,
    q.limit,
  );
}

/** Durable environment data written by the processor (air_quality_hourly, weather_hourly, health_alerts). */
export function createHistoryStore(db: RawQuery) {
  return {
    airQualityHours: (q: HourRange) =>
      hours<AirQualityHourRow>(
        db,
        'air_quality_hourly',
        'hour_start, samples, pm25_avg, pm25_max, pm10_avg, o3_avg_ppb, no2_avg_ppb, co_avg_ppm, noise_avg_dba, aqi_max, dominant_pollutant',
        q,
      ),
    weatherHours: (q: HourRange) =>
      hours<WeatherHourRow>(
        db,
        'weather_hourly',
        'hour_start, samples, temperature_avg_c, temperature_min_c, temperature_max_c, humidity_avg_pct, wind_speed_avg_kmh, wind_speed_max_kmh, precipitation_avg_mm_per_h, pressure_avg_hpa, condition',
        q,
      ),
    alerts(s: AlertSearch): Promise<AlertRow[]> {
      return db.$queryRawUnsafe<AlertRow[]>(
        `SELECT id, station_id, status, category, aqi, peak_aqi, dominant_pollutant, started_at, ended_at
           FROM health_alerts
          WHERE ($1::text IS NULL OR status = $1)
            AND ($2::text IS NULL OR station_id = $2)
            AND ($3::timestamptz IS NULL OR started_at >= $3::timestamptz)
            AND ($4::timestamptz IS NULL OR started_at < $4::timestamptz)
            AND ($5::timestamptz IS NULL OR (started_at, id) < ($5::timestamptz, $6::text))
          ORDER BY started_at DESC, id DESC LIMIT $7`,
        s.status,
        s.stationId,
        s.from?.toISOString() ?? null,
        s.to?.toISOString() ?? null,
        s.after ? new Date(s.after.t).toISOString() : null,
        s.after?.id ?? null,
        s.limit,
      );
    },
  };
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
