import { ValidationError } from '@city/errors';
import { restoreHour, serialiseHour, type HourBucket } from './hour-buckets.js';
import type { OpenAlert } from './health-alert.js';

export interface StationState {
  readonly hours: Map<number, HourBucket>;
  /** Event time of the newest reading applied to the latest view (ms). */
  latestAt: number;
  alert: OpenAlert | null;
}

/** Environment state of one weather_data or air_quality_data partition. */
export interface EnvironmentState {
  readonly airQuality: Map<string, StationState>;
  readonly weather: Map<string, StationState>;
  /** The air_quality_data partition this state belongs to (null for weather partitions). */
  partition: number | null;
  /** Start (ms) of the minute whose AQI sample was last written. */
  sampledMinute: number | null;
}

export function newEnvironmentState(): EnvironmentState {
  return { airQuality: new Map(), weather: new Map(), partition: null, sampledMinute: null };
}

export function stationState(stations: Map<string, StationState>, id: string): StationState {
  let s = stations.get(id);
  if (!s) {
    s = { hours: new Map(), latestAt: Number.NEGATIVE_INFINITY, alert: null };
    stations.set(id, s);
  }
  return s;
}

const serialiseStations = (m: Map<string, StationState>) =>
  [...m].map(([id, s]) => ({
    id,
    h: [...s.hours.values()].map(serialiseHour),
    t: Number.isFinite(s.latestAt) ? s.latestAt : null,
    a: s.alert,
  }));

type SerialisedStations = ReturnType<typeof serialiseStations>;

const restoreStations = (list: SerialisedStations) =>
  new Map(
    list.map((s) => [
      s.id,
      {
        hours: new Map(s.h.map((h) => [h.s, restoreHour(h)])),
        latestAt: s.t ?? Number.NEGATIVE_INFINITY,
        alert: s.a ? { ...s.a } : null,
      },
    ]),
  );

export function snapshotEnvironment(state: EnvironmentState) {
  return {
    v: 1,
    aq: serialiseStations(state.airQuality),
    wx: serialiseStations(state.weather),
    p: state.partition,
    m: state.sampledMinute,
  };
}

export function restoreEnvironment(snapshot: unknown): EnvironmentState {
  if (snapshot === null || snapshot === undefined) return newEnvironmentState();
  // p and m were added later: older v1 snapshots lack them.
  const s = snapshot as Partial<ReturnType<typeof snapshotEnvironment>> &
    Pick<ReturnType<typeof snapshotEnvironment>, 'v' | 'aq' | 'wx'>;
  if (s.v !== 1) {
    throw new ValidationError('environment state snapshot', [
      { path: '/v', message: 'unknown version' },
    ]);
  }
  return {
    airQuality: restoreStations(s.aq),
    weather: restoreStations(s.wx),
    partition: s.p ?? null,
    sampledMinute: s.m ?? null,
  };
}
