import {
  badUserInput,
  intervalArg,
  intervalBatches,
  liveField,
  parseBbox,
  type Bbox,
  type FeedChange,
} from '@city/subgraph-kit';
import { inBbox } from '../geo-math.js';
import { parseVehicleHash, type VehicleRecord } from '../vehicle-record.js';
import type { VehiclesContext } from './context.js';

export const MAX_STREAM_IDS = 1000;
export const BATCH_INTERVAL = { default: 500, min: 250, max: 1000 } as const;

interface StreamFilterInput {
  readonly bbox?: Bbox | null;
  readonly types?: string[] | null;
  readonly ids?: string[] | null;
}

export interface VehicleBatch {
  readonly vehicles: VehicleRecord[];
  readonly removedIds: string[];
  readonly oldestProducedAt: number;
  readonly newestProducedAt: number;
  readonly emittedAt: number;
}

type Item =
  | { readonly kind: 'moved'; readonly vehicle: VehicleRecord; readonly produceTime: number }
  | { readonly kind: 'removed'; readonly id: string; readonly produceTime: number };

// The feed parses each message once and hands the same change object to every listener: one
// record per change, not one per subscription (it was a quarter of the subgraph's busy time).
const recordOfChange = new WeakMap<FeedChange, VehicleRecord | null>();

/**
 * A position change's record, or null for changes without a position (telemetry, inactive).
 * The record is shared by every subscription the change reaches: read-only.
 */
export function vehicleFromChange(change: FeedChange): VehicleRecord | null {
  const known = recordOfChange.get(change);
  if (known !== undefined) return known;
  let record: VehicleRecord | null = null;
  if (change.entity === 'Vehicle' && change.data && change.data.latitude !== undefined) {
    const hash: Record<string, string> = {};
    for (const [k, v] of Object.entries(change.data)) hash[k] = String(v);
    record = parseVehicleHash(change.id, hash);
  }
  recordOfChange.set(change, record);
  return record;
}

export function streamMatcher(f: StreamFilterInput) {
  const bbox = parseBbox('filter.bbox', f.bbox);
  if (f.ids && f.ids.length > MAX_STREAM_IDS) {
    throw badUserInput('filter.ids', `must list at most ${MAX_STREAM_IDS} ids`);
  }
  const ids = f.ids && f.ids.length > 0 ? new Set(f.ids) : null;
  const types = f.types && f.types.length > 0 ? new Set(f.types) : null;
  return {
    /** Cheap pre-check on the change id, before parsing the record. */
    wantsId: (id: string) => ids === null || ids.has(id),
    matches: (v: VehicleRecord) =>
      v.active &&
      (types === null || types.has(v.type)) &&
      (bbox === null || inBbox(bbox, v.latitude, v.longitude)),
  };
}

function toBatch(items: Item[]): VehicleBatch {
  const vehicles: VehicleRecord[] = [];
  const removedIds: string[] = [];
  let oldest = Infinity;
  let newest = 0;
  for (const item of items) {
    if (item.kind === 'moved') vehicles.push(item.vehicle);
    else removedIds.push(item.id);
    oldest = Math.min(oldest, item.produceTime);
    newest = Math.max(newest, item.produceTime);
  }
  return {
    vehicles,
    removedIds,
    oldestProducedAt: oldest,
    newestProducedAt: newest,
    emittedAt: Date.now(),
  };
}

export const Subscription = {
  vehiclesMoved: liveField(
    (
      args: { filter?: StreamFilterInput | null; intervalMs?: number | null },
      ctx: VehiclesContext,
    ) => {
      const intervalMs = intervalArg('intervalMs', args.intervalMs, BATCH_INTERVAL);
      const matcher = streamMatcher(args.filter ?? {});
      // Vehicles delivered on this subscription, so leaving the filter can be reported.
      const delivered = new Set<string>();
      return intervalBatches<Item, VehicleBatch>({
        intervalMs,
        toBatch,
        subscribe: (add) =>
          ctx.feed.listen(ctx.feedChannel, (change) => {
            if (change.entity !== 'Vehicle' || !matcher.wantsId(change.id)) return;
            const vehicle = vehicleFromChange(change);
            if (vehicle && matcher.matches(vehicle)) {
              delivered.add(vehicle.id);
              add(vehicle.id, { kind: 'moved', vehicle, produceTime: change.produceTime });
            } else if (
              (vehicle || change.data?.active !== undefined) &&
              delivered.delete(change.id)
            ) {
              add(change.id, { kind: 'removed', id: change.id, produceTime: change.produceTime });
            }
          }),
      });
    },
  ),

  vehicleMoved: liveField((args: { id: string }, ctx: VehiclesContext) => {
    const source = ctx.feed.changes(ctx.feedChannel, (c) => c.id === args.id, 64);
    const it: AsyncIterator<VehicleRecord> = {
      async next(): Promise<IteratorResult<VehicleRecord>> {
        for (;;) {
          const r = await source.next();
          if (r.done) return { value: undefined, done: true };
          const v = vehicleFromChange(r.value);
          if (v) return { value: v, done: false };
        }
      },
      async return() {
        await source.end();
        return { value: undefined, done: true };
      },
    };
    return it;
  }),
};
