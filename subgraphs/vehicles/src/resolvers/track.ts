import {
  badUserInput,
  connectionFromRows,
  decodeCursor,
  pageSize,
  requireRole,
} from '@city/subgraph-kit';
import type { TrackPointRecord } from '../track-reader.js';
import type { VehiclesContext } from './context.js';

export const MAX_TRACK_SPAN_MS = 24 * 3_600_000;

export interface TrackArgs {
  readonly from: string;
  readonly to: string;
  readonly first?: number | null;
  readonly after?: string | null;
}

function instant(field: string, value: string): number {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw badUserInput(field, 'must be an ISO-8601 instant');
  return t;
}

/** A page of a vehicle's track, keyset-paginated on (time, eventId). */
export async function resolveTrack(vehicleId: string, args: TrackArgs, ctx: VehiclesContext) {
  // Movement history identifies people's trips: not for viewers or third-party viewer keys.
  requireRole(ctx, 'operator', 'dispatcher', 'analyst');
  const from = instant('from', args.from);
  const to = instant('to', args.to);
  if (to <= from) throw badUserInput('to', 'must be after from');
  if (to - from > MAX_TRACK_SPAN_MS)
    throw badUserInput('to', 'must be at most 24 hours after from');
  const size = pageSize(args.first, { default: 500, max: 5000 });
  let points = await ctx.tracks.read(vehicleId, from, to);
  if (args.after) {
    const c = decodeCursor<{ t: number; e: string }>(args.after);
    points = points.filter((p) => p.time > c.t || (p.time === c.t && p.eventId > c.e));
  }
  return connectionFromRows<TrackPointRecord>(
    points.slice(0, size + 1),
    size,
    (p) => ({ t: p.time, e: p.eventId }),
    Boolean(args.after),
  );
}

export const TrackPoint = {
  timestamp: (p: TrackPointRecord) => new Date(p.time).toISOString(),
  position: (p: TrackPointRecord) => ({ latitude: p.latitude, longitude: p.longitude }),
  speed: (p: TrackPointRecord) => p.speedKmh,
  heading: (p: TrackPointRecord) => p.headingDeg,
};
