import { badUserInput, parseBbox, parseInstant, type Bbox } from '@city/subgraph-kit';
import { levelRank, congestionLevelOf, type CongestionLevel } from '../live-traffic.js';
import { trafficMinutes, type TrafficMinute } from '../traffic-history.js';
import type { TrafficContext } from './context.js';
import { segmentParent, type SegmentParent } from './road-segment.js';

const MAX_LIMIT = 5000;
/** Live-filtered listings read at most this many segments' hashes. */
const MAX_LIVE_CANDIDATES = 20_000;

function limitOf(field: string, limit: number | null | undefined): number {
  const n = limit ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT)
    throw badUserInput(field, `must be between 1 and ${MAX_LIMIT}`);
  return n;
}

interface RoadSegmentFilterInput {
  readonly bbox?: Bbox | null;
  readonly minLevel?: CongestionLevel | null;
  readonly limit?: number | null;
}

function parents(ctx: TrafficContext, ids: readonly number[]): SegmentParent[] {
  return ids.flatMap((id) => segmentParent(ctx, id) ?? []);
}

export const Query = {
  roadSegment: (_: unknown, args: { id: string }, ctx: TrafficContext) =>
    segmentParent(ctx, args.id),

  roadSegments: async (
    _: unknown,
    args: { filter?: RoadSegmentFilterInput | null },
    ctx: TrafficContext,
  ) => {
    const f = args.filter ?? {};
    const limit = limitOf('filter.limit', f.limit);
    const bbox = parseBbox('filter.bbox', f.bbox);
    const minLevel = f.minLevel ?? null;
    if (minLevel === null) {
      const ids = bbox
        ? ctx.catalog.idsInBbox(bbox)
        : Array.from({ length: Math.min(limit, ctx.catalog.size) }, (_v, i) => i);
      return parents(ctx, ids.slice(0, limit));
    }
    let candidates: number[];
    if (levelRank(minLevel) >= levelRank('HEAVY')) {
      // Only congested segments can qualify: the processor keeps them in a sorted set.
      candidates = (await ctx.store.congestedIds(MAX_LIVE_CANDIDATES)).sort((a, b) => a - b);
    } else {
      if (!bbox) throw badUserInput('filter.bbox', 'is required when minLevel is below HEAVY');
      candidates = ctx.catalog.idsInBbox(bbox);
      if (candidates.length > MAX_LIVE_CANDIDATES) {
        throw badUserInput(
          'filter.bbox',
          `covers more than ${MAX_LIVE_CANDIDATES} segments; narrow it`,
        );
      }
    }
    const inBox = bbox ? new Set(ctx.catalog.idsInBbox(bbox)) : null;
    if (inBox) candidates = candidates.filter((id) => inBox.has(id));
    const live = await ctx.store.liveMany(candidates);
    const ids = candidates.filter((_id, i) => {
      const level = congestionLevelOf(live[i]!.los);
      return level !== null && levelRank(level) >= levelRank(minLevel);
    });
    return parents(ctx, ids.slice(0, limit));
  },

  congestedSegments: async (_: unknown, args: { limit?: number | null }, ctx: TrafficContext) =>
    parents(ctx, await ctx.store.congestedIds(limitOf('limit', args.limit))),
};

export const CitySummary = {
  __resolveReference: (ref: { id: string }) => (ref.id === 'city' ? { id: 'city' } : null),
  averageSpeed: async (_: unknown, _a: unknown, ctx: TrafficContext) =>
    (await kpi(ctx)).averageSpeedKmh,
  congestedRoads: async (_: unknown, _a: unknown, ctx: TrafficContext) =>
    (await kpi(ctx)).congestedRoads,
  segmentsObserved: async (_: unknown, _a: unknown, ctx: TrafficContext) =>
    (await kpi(ctx)).segmentsObserved,
};

function kpi(ctx: TrafficContext) {
  return ctx.loaders
    .get<string, Awaited<ReturnType<typeof ctx.store.cityKpi>>>('cityKpi', async (keys) => {
      const value = await ctx.store.cityKpi();
      return keys.map(() => value);
    })
    .load('city');
}

/** Traffic's figures of `CitySummary.history` points: one SQL query for every minute asked. */
export const CitySummaryMinute = {
  __resolveReference: (ref: { at: string }, ctx: TrafficContext) =>
    ctx.loaders
      .get<string, TrafficMinute & { at: string }>('ref:CitySummaryMinute', async (ats) => {
        const instants = ats.map(parseInstant);
        const figures = await trafficMinutes(
          ctx.db,
          instants.filter((t) => t !== null),
        );
        let i = 0;
        return ats.map((at, k) => ({
          at,
          ...(instants[k] === null
            ? { averageSpeed: null, congestedRoads: null, segmentsObserved: null }
            : figures[i++]!),
        }));
      })
      .load(ref.at),
};
