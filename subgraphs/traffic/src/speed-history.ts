/** The part of PrismaClient this needs. */
export interface RawQuery {
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
}

export interface SpeedSampleRow {
  readonly window_start: Date;
  readonly window_end: Date;
  readonly mean_speed_kmh: number | null;
  readonly los: string | null;
  readonly travel_time_index: number | null;
  readonly volume: number;
  readonly flow_per_hour: number;
}

export interface SpeedHistoryQuery {
  readonly segmentId: number;
  readonly windowSeconds: number;
  readonly from: Date;
  readonly to: Date;
  /** Keyset: only windows starting after this. */
  readonly after: Date | null;
  readonly limit: number;
}

/** Closed windows from the processor's `traffic_windows` table (primary key order). */
export async function querySpeedHistory(
  db: RawQuery,
  q: SpeedHistoryQuery,
): Promise<SpeedSampleRow[]> {
  return db.$queryRawUnsafe<SpeedSampleRow[]>(
    `SELECT window_start, window_end, mean_speed_kmh, los, travel_time_index, volume, flow_per_hour
       FROM traffic_windows
      WHERE segment_id = $1 AND window_seconds = $2
        AND window_start >= $3::timestamptz AND window_start < $4::timestamptz
        AND ($5::timestamptz IS NULL OR window_start > $5::timestamptz)
      ORDER BY window_start
      LIMIT $6`,
    q.segmentId,
    q.windowSeconds,
    q.from.toISOString(),
    q.to.toISOString(),
    q.after?.toISOString() ?? null,
    q.limit,
  );
}
