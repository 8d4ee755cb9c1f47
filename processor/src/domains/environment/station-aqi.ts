import { coAqi, no2Aqi, o3Aqi, overallAqi, pm10Aqi, pm25Aqi, type AqiResult } from './aqi.js';
import { hourlyMeans, type HourBucket } from './hour-buckets.js';
import { pmNowCast, rollingMean } from './nowcast.js';

/** Order of the measures in an air-quality hour bucket. */
export const AQ_MEASURES = ['pm25', 'pm10', 'o3', 'no2', 'co', 'noise'] as const;
const M = Object.fromEntries(AQ_MEASURES.map((m, i) => [m, i])) as Record<
  (typeof AQ_MEASURES)[number],
  number
>;

export interface StationAqi extends AqiResult {
  /** Concentrations the indices were computed from (after averaging). */
  readonly averaged: {
    readonly pm25NowCast: number;
    readonly pm10NowCast: number;
    readonly o3EightHourPpb: number;
    readonly o3OneHourPpb: number;
    readonly no2OneHourPpb: number;
    readonly coEightHourPpm: number;
  };
}

/**
 * A station's current AQI from its hourly averages (the newest, still running hour included):
 * PM2.5 and PM10 by NowCast (falling back to the newest hour when fewer than two of the last three
 * hours have data), O3 and CO by the mean of the available hours of the last 8, NO2 and the
 * 1-hour O3 by the newest hour. The regulatory 24-hour PM and complete 8-hour averages would
 * need a day of data and lag the live view, which is why AirNow reports NowCast too.
 */
export function stationAqi(
  buckets: ReadonlyMap<number, HourBucket>,
  newestHour: number,
): StationAqi {
  const series = (m: keyof typeof M, hours: number) =>
    hourlyMeans(buckets, newestHour, hours, M[m]);
  const pm25 = series('pm25', 12);
  const pm10 = series('pm10', 12);
  const current = (s: (number | null)[]) => s[0] ?? 0;
  const averaged = {
    pm25NowCast: pmNowCast(pm25) ?? current(pm25),
    pm10NowCast: pmNowCast(pm10) ?? current(pm10),
    o3EightHourPpb: rollingMean(series('o3', 8), 8) ?? 0,
    o3OneHourPpb: current(series('o3', 1)),
    no2OneHourPpb: current(series('no2', 1)),
    coEightHourPpm: rollingMean(series('co', 8), 8) ?? 0,
  };
  const result = overallAqi({
    pm25: pm25Aqi(averaged.pm25NowCast),
    pm10: pm10Aqi(averaged.pm10NowCast),
    o3: o3Aqi(averaged.o3EightHourPpb, averaged.o3OneHourPpb),
    no2: no2Aqi(averaged.no2OneHourPpb),
    co: coAqi(averaged.coEightHourPpm),
  });
  return { ...result, averaged };
}
