import type { DurableTableSpec } from '../../pipeline/types.js';
import type { WindowAggregate } from './window-aggregate.js';

/** Prisma model TrafficWindow: one row per segment, window start and window length. */
export const TRAFFIC_WINDOWS_TABLE: DurableTableSpec = Object.freeze({
  table: 'traffic_windows',
  key: ['segment_id', 'window_start', 'window_seconds'],
  columns: [
    'segment_id',
    'window_start',
    'window_seconds',
    'window_end',
    'mean_speed_kmh',
    'free_flow_kmh',
    'speed_ratio',
    'los',
    'travel_time_index',
    'volume',
    'flow_per_hour',
    'speed_samples',
    'probe_vehicles',
    'camera_vehicles',
    'occupancy_pct',
  ],
});

export function trafficWindowRow(w: WindowAggregate): Record<string, unknown> {
  return {
    segment_id: w.segmentId,
    window_start: new Date(w.start).toISOString(),
    window_seconds: w.seconds,
    window_end: new Date(w.start + w.seconds * 1000).toISOString(),
    mean_speed_kmh: w.meanSpeedKmh,
    free_flow_kmh: w.freeFlowKmh,
    speed_ratio: w.speedRatio,
    los: w.los,
    travel_time_index: w.travelTimeIndex,
    volume: w.volume,
    flow_per_hour: w.flowPerHour,
    speed_samples: w.speedSamples,
    probe_vehicles: w.probeVehicles,
    camera_vehicles: w.cameraVehicles,
    occupancy_pct: w.occupancyPct,
  };
}

/**
 * Prisma model TrafficKpiMinute: the partition's share of the city KPIs for the 1-minute window
 * ending at `minute`, one row per closed minute (the durable twin of the KPI hash).
 */
export const TRAFFIC_KPI_MINUTES_TABLE: DurableTableSpec = Object.freeze({
  table: 'traffic_kpi_minutes',
  key: ['minute', 'partition'],
  columns: [
    'minute',
    'partition',
    'speed_sum_kmh',
    'speed_samples',
    'segments_observed',
    'congested_segments',
  ],
});
