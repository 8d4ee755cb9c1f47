import type { Feature, Point } from 'geojson';

export interface PointFeatureProps {
  readonly [key: string]: string | number | boolean;
}

export interface FeatureDiff {
  add: Feature<Point>[];
  update: {
    id: string | number;
    newGeometry?: Point;
    addOrUpdateProperties?: { key: string; value: unknown }[];
  }[];
  remove: (string | number)[];
}

export interface PointRecord {
  readonly lon: number;
  readonly lat: number;
  readonly props: PointFeatureProps;
}

/**
 * The id is also the `id` property: the live sources use `promoteId: 'id'`, because vector tiles
 * keep only integer feature ids and vehicle/incident ids are strings ("taxi-0042").
 */
export const toFeature = (id: string | number, r: PointRecord): Feature<Point> => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
  properties: { ...r.props, id },
});

/**
 * The maplibre `updateData` diff that turns `previous` into `next`: only moved points get a new
 * geometry and only changed properties are sent; vanished ids are removed.
 */
export function diffPoints<K extends string | number>(
  previous: ReadonlyMap<K, PointRecord>,
  next: ReadonlyMap<K, PointRecord>,
): FeatureDiff {
  const diff: FeatureDiff = { add: [], update: [], remove: [] };
  for (const [id, r] of next) {
    const old = previous.get(id);
    if (!old) {
      diff.add.push(toFeature(id, r));
      continue;
    }
    const moved = old.lon !== r.lon || old.lat !== r.lat;
    const changed = Object.keys(r.props)
      .filter((key) => old.props[key] !== r.props[key])
      .map((key) => ({ key, value: r.props[key] }));
    if (!moved && changed.length === 0) continue;
    diff.update.push({
      id,
      ...(moved ? { newGeometry: { type: 'Point' as const, coordinates: [r.lon, r.lat] } } : {}),
      ...(changed.length ? { addOrUpdateProperties: changed } : {}),
    });
  }
  for (const id of previous.keys()) if (!next.has(id)) diff.remove.push(id);
  return diff;
}

export const isEmptyDiff = (d: FeatureDiff) =>
  d.add.length === 0 && d.update.length === 0 && d.remove.length === 0;
