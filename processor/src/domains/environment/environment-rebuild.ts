import type { DomainRebuild } from '../../pipeline/rebuild.js';
import type { HotWrite } from '../../pipeline/types.js';
import { environmentKeys } from './environment-keys.js';
import type { EnvironmentState } from './environment-state.js';

const isoOf = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Environment from PostgreSQL: the active health alerts (set and hashes). Station hashes are not
 * rebuilt: PostgreSQL has hourly means, not the latest reading, and stations report every few
 * minutes. The stage state (hour buckets, open alerts) is not rebuilt: a station's first reading
 * after a lost checkpoint starts its hours afresh (NowCast falls back to the newest hour).
 */
export function createEnvironmentRebuild(): DomainRebuild<EnvironmentState> {
  return {
    async hot({ query }) {
      const rows = await query<{
        id: string;
        station_id: string;
        category: string;
        aqi: number;
        dominant_pollutant: string;
        peak_aqi: number;
        started_at: string;
      }>(
        `SELECT id, station_id, category, aqi, dominant_pollutant, peak_aqi,
                ${isoOf('started_at')} AS started_at
           FROM health_alerts WHERE status = 'active'`,
      );
      return rows.flatMap((r): HotWrite[] => [
        { op: 'sadd', key: environmentKeys.activeAlerts, member: r.id },
        {
          op: 'hset',
          key: environmentKeys.alert(r.id),
          fields: {
            stationId: r.station_id,
            status: 'active',
            category: r.category,
            aqi: Number(r.aqi),
            dominantPollutant: r.dominant_pollutant,
            peakAqi: Number(r.peak_aqi),
            startedAt: r.started_at,
          },
        },
      ]);
    },
  };
}
