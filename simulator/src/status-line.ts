import type { TopicName } from '@city/contracts';
import { SIMULATOR_TOPICS } from './topic-names.js';

const SHORT: Partial<Record<TopicName, string>> = {
  gps_data: 'gps',
  vehicle_data: 'veh',
  traffic_camera_data: 'cam',
  weather_data: 'wx',
  air_quality_data: 'aq',
  emergency_incident_data: 'inc',
  emergency_unit_status: 'unit',
  dispatch_commands: 'cmd',
};

export interface StatusSnapshot {
  readonly counts: ReadonlyMap<TopicName, number>;
  readonly total: number;
  readonly acked: number;
  readonly vehiclesActive: number;
  readonly simTimeMs: number;
}

/** Whether a live status line makes sense: a terminal, and not CI. */
export function statusLineWanted(
  stream: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  return stream.isTTY === true && env.CI !== 'true' && env.CI !== '1';
}

/** Formats the one-line status: events/s per topic since the previous snapshot, totals, vehicles. */
export class StatusLine {
  private previous: StatusSnapshot | undefined;
  private previousAt = 0;

  format(s: StatusSnapshot, atMs: number): string {
    const prev = this.previous;
    const dt = prev ? (atMs - this.previousAt) / 1000 : 0;
    const rate = (topic: TopicName) =>
      dt > 0 ? Math.round(((s.counts.get(topic) ?? 0) - (prev?.counts.get(topic) ?? 0)) / dt) : 0;
    const perTopic = SIMULATOR_TOPICS.filter((t) => t !== 'dispatch_commands')
      .map((t) => `${SHORT[t] ?? t} ${rate(t)}/s`)
      .join(' ');
    const totalRate = dt > 0 ? Math.round((s.total - (prev?.total ?? 0)) / dt) : 0;
    this.previous = { ...s, counts: new Map(s.counts) };
    this.previousAt = atMs;
    const sim = new Date(s.simTimeMs).toISOString().slice(0, 19).replace('T', ' ');
    return `sim ${sim} | ${totalRate} ev/s (${perTopic}) | total ${s.total} acked ${s.acked} | vehicles ${s.vehiclesActive}`;
  }
}
