import type { DomainRebuild } from '../../pipeline/rebuild.js';
import { newTrafficState, type TrafficState } from './traffic-state.js';

/**
 * Traffic after a lost checkpoint: the windows already in PostgreSQL stay closed (closedThrough =
 * the newest 1-minute window end of the partition's segments), so re-delivered observations of
 * those minutes are dropped as late instead of upserting a partial window over the full one. The
 * open minute buckets and incident baselines are lost (approximate: the first windows after the
 * loss hold only re-delivered and new observations; baselines build again over 5 windows). The
 * hot segment hashes, congestion set and KPIs come back with the next closed minute.
 */
export function createTrafficRebuild(): DomainRebuild<TrafficState> {
  return {
    hot: async () => [],
    async state(ctx) {
      if (ctx.topic !== 'segment_observations') return undefined;
      const rows = await ctx.query<{ segment_id: number; end_ms: number }>(
        `SELECT segment_id, (extract(epoch from max(window_end)) * 1000)::float8 AS end_ms
           FROM traffic_windows WHERE window_seconds = 60 GROUP BY segment_id`,
      );
      const state = newTrafficState();
      state.partition = ctx.partition;
      for (const r of rows) {
        if (ctx.owns(String(r.segment_id)))
          state.closedThrough = Math.max(state.closedThrough, Number(r.end_ms));
      }
      return state;
    },
  };
}
