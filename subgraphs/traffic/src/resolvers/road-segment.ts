import type { RoadSegment as GraphSegment } from '@city/roadgraph';
import { badUserInput, connectionFromRows, decodeCursor, pageSize } from '@city/subgraph-kit';
import { congestionLevelOf, type LiveSegment } from '../live-traffic.js';
import { querySpeedHistory, type SpeedSampleRow } from '../speed-history.js';
import type { TrafficContext } from './context.js';

/** What RoadSegment fields resolve from: the graph segment; live data is loaded on demand. */
export interface SegmentParent {
  readonly segment: GraphSegment;
}

export function segmentParent(ctx: TrafficContext, id: string | number): SegmentParent | null {
  const n = typeof id === 'number' ? id : /^\d+$/.test(id) ? Number(id) : NaN;
  const segment = ctx.catalog.get(n);
  return segment ? { segment } : null;
}

/** Live state, batched per request into one Redis pipeline. */
function live(p: SegmentParent, ctx: TrafficContext): Promise<LiveSegment> {
  return ctx.loaders
    .get<number, LiveSegment>('liveSegment', (ids) => ctx.store.liveMany(ids))
    .load(p.segment.id);
}

const WINDOW_SECONDS = { ONE_MINUTE: 60, FIVE_MINUTES: 300 } as const;
const MAX_HISTORY_SPAN_MS = 7 * 24 * 3_600_000;

interface HistoryArgs {
  readonly from: string;
  readonly to: string;
  readonly window?: keyof typeof WINDOW_SECONDS | null;
  readonly first?: number | null;
  readonly after?: string | null;
}

function instant(field: string, value: string): Date {
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw badUserInput(field, 'must be an ISO-8601 instant');
  return new Date(t);
}

export const RoadSegment = {
  __resolveReference: (ref: { id: string }, ctx: TrafficContext) => segmentParent(ctx, ref.id),
  id: (p: SegmentParent) => String(p.segment.id),
  name: (p: SegmentParent) => p.segment.name,
  class: (p: SegmentParent) => p.segment.highway,
  lengthM: (p: SegmentParent) => p.segment.lengthM,
  oneway: (p: SegmentParent) => p.segment.oneway,
  geometry: (p: SegmentParent) => {
    const c = p.segment.coords;
    const points = [];
    for (let i = 0; i < c.length; i += 2) points.push({ longitude: c[i]!, latitude: c[i + 1]! });
    return points;
  },
  speedLimit: (p: SegmentParent, _a: unknown, ctx: TrafficContext) =>
    ctx.catalog.speedLimit(p.segment),
  currentSpeed: async (p: SegmentParent, _a: unknown, ctx: TrafficContext) =>
    (await live(p, ctx)).currentSpeedKmh,
  volume: async (p: SegmentParent, _a: unknown, ctx: TrafficContext) => (await live(p, ctx)).volume,
  flowPerHour: async (p: SegmentParent, _a: unknown, ctx: TrafficContext) =>
    (await live(p, ctx)).flowPerHour,
  los: async (p: SegmentParent, _a: unknown, ctx: TrafficContext) => (await live(p, ctx)).los,
  congestionLevel: async (p: SegmentParent, _a: unknown, ctx: TrafficContext) =>
    congestionLevelOf((await live(p, ctx)).los),
  travelTimeIndex: async (p: SegmentParent, _a: unknown, ctx: TrafficContext) =>
    (await live(p, ctx)).travelTimeIndex,
  congested: async (p: SegmentParent, _a: unknown, ctx: TrafficContext) =>
    (await live(p, ctx)).congested,
  updatedAt: async (p: SegmentParent, _a: unknown, ctx: TrafficContext) =>
    (await live(p, ctx)).updatedAt,

  speedHistory: async (p: SegmentParent, args: HistoryArgs, ctx: TrafficContext) => {
    const from = instant('from', args.from);
    const to = instant('to', args.to);
    if (to <= from) throw badUserInput('to', 'must be after from');
    if (to.getTime() - from.getTime() > MAX_HISTORY_SPAN_MS) {
      throw badUserInput('to', 'must be at most 7 days after from');
    }
    const size = pageSize(args.first, { default: 100, max: 2000 });
    const after = args.after ? new Date(decodeCursor<number>(args.after)) : null;
    const rows = await querySpeedHistory(ctx.db, {
      segmentId: p.segment.id,
      windowSeconds: WINDOW_SECONDS[args.window ?? 'FIVE_MINUTES'],
      from,
      to,
      after,
      limit: size + 1,
    });
    return connectionFromRows<SpeedSampleRow>(
      rows,
      size,
      (r) => new Date(r.window_start).getTime(),
      after !== null,
    );
  },
};

export const SpeedSample = {
  windowStart: (r: SpeedSampleRow) => new Date(r.window_start).toISOString(),
  windowEnd: (r: SpeedSampleRow) => new Date(r.window_end).toISOString(),
  meanSpeed: (r: SpeedSampleRow) => (r.mean_speed_kmh === null ? null : Number(r.mean_speed_kmh)),
  travelTimeIndex: (r: SpeedSampleRow) =>
    r.travel_time_index === null ? null : Number(r.travel_time_index),
  volume: (r: SpeedSampleRow) => Number(r.volume),
  flowPerHour: (r: SpeedSampleRow) => Number(r.flow_per_hour),
};
