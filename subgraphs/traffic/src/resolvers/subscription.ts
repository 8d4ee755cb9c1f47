import {
  createPushIterator,
  intervalArg,
  liveField,
  parseBbox,
  ticker,
  type Bbox,
} from '@city/subgraph-kit';
import type { CongestionChange } from '../congestion-tracker.js';
import { CONGESTION_LEVELS, levelRank, type CongestionLevel } from '../live-traffic.js';
import type { TrafficContext } from './context.js';
import { segmentParent, type SegmentParent } from './road-segment.js';

export const TICK_INTERVAL = { default: 5000, min: 1000, max: 60_000 } as const;

interface CongestionFilterInput {
  readonly bbox?: Bbox | null;
  readonly minLevel?: CongestionLevel | null;
}

export interface SegmentCongestionChange {
  readonly segment: SegmentParent;
  readonly level: CongestionLevel | null;
  readonly previousLevel: CongestionLevel | null;
  readonly producedAt: number;
}

/** Whether a transition concerns `minLevel`: into or out of that level or worse. */
export function crossesLevel(change: CongestionChange, minLevel: CongestionLevel | null): boolean {
  if (minLevel === null) return true;
  const min = levelRank(minLevel);
  const at = (l: CongestionLevel | null) => l !== null && levelRank(l) >= min;
  return at(change.level) || at(change.previousLevel);
}

export const Subscription = {
  segmentCongestionChanged: liveField(
    (args: { filter?: CongestionFilterInput | null }, ctx: TrafficContext) => {
      const f = args.filter ?? {};
      const bbox = parseBbox('filter.bbox', f.bbox);
      const minLevel = f.minLevel && CONGESTION_LEVELS.includes(f.minLevel) ? f.minLevel : null;
      const inArea = bbox ? new Set(ctx.catalog.idsInBbox(bbox)) : null;
      let stop = () => {};
      const iterator = createPushIterator<SegmentCongestionChange>({
        limit: 10_000,
        onReturn: () => stop(),
      });
      stop = ctx.congestion.listen((change) => {
        if (inArea && !inArea.has(change.segmentId)) return;
        if (!crossesLevel(change, minLevel)) return;
        const segment = segmentParent(ctx, change.segmentId);
        if (!segment) return;
        iterator.push({
          segment,
          level: change.level,
          previousLevel: change.previousLevel,
          producedAt: change.producedAt,
        });
      });
      return iterator;
    },
  ),

  citySummaryTick: liveField((args: { intervalMs?: number | null }) =>
    ticker(intervalArg('intervalMs', args.intervalMs, TICK_INTERVAL), () => ({ id: 'city' })),
  ),
};
