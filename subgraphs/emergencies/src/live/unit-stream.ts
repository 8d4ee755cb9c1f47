import { parseBbox, type Bbox, type FeedChange } from '@city/subgraph-kit';
import { idsFilter } from './incident-stream.js';

export interface UnitStreamFilterInput {
  readonly ids?: readonly string[] | null;
  readonly types?: readonly string[] | null;
  readonly statuses?: readonly string[] | null;
  readonly bbox?: Bbox | null;
}

export interface UnitAttributes {
  readonly type: string;
  readonly status: string;
  readonly latitude: number;
  readonly longitude: number;
}

export type UnitChangeCause = 'STATUS_REPORT' | 'DISPATCH_ORDER';

const list = (v: readonly string[] | null | undefined) =>
  v && v.length > 0 ? new Set<string>(v) : null;

export function unitMatcher(f: UnitStreamFilterInput) {
  const bbox = parseBbox('filter.bbox', f.bbox);
  const ids = idsFilter('filter.ids', f.ids);
  const types = list(f.types);
  const statuses = list(f.statuses);
  return {
    wantsId: (id: string) => ids === null || ids.has(id),
    matches: (u: UnitAttributes) =>
      (types === null || types.has(u.type)) &&
      (statuses === null || statuses.has(u.status)) &&
      (bbox === null ||
        (u.latitude >= bbox.minLat &&
          u.latitude <= bbox.maxLat &&
          u.longitude >= bbox.minLon &&
          u.longitude <= bbox.maxLon)),
  };
}

/** A status report's change carries the whole unit; a dispatch order's only the order. */
export function unitAttributes(change: FeedChange): UnitAttributes | null {
  const d = change.data;
  if (!d || typeof d.type !== 'string' || typeof d.status !== 'string') return null;
  const latitude = Number(d.latitude);
  const longitude = Number(d.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  return { type: d.type, status: d.status, latitude, longitude };
}

export const unitChangeCause = (change: FeedChange): UnitChangeCause =>
  change.data && typeof change.data.status === 'string' ? 'STATUS_REPORT' : 'DISPATCH_ORDER';
