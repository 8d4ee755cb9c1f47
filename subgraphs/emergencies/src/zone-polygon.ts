import { badUserInput } from '@city/subgraph-kit';

/** A validated GeoJSON Polygon. */
export interface PolygonGeometry {
  readonly type: 'Polygon';
  readonly coordinates: [number, number][][];
}

const MAX_POSITIONS = 10_000;

/**
 * Validates a GeoJSON Polygon input (`field` is its argument path): type `Polygon`, at least one
 * ring, every ring closed (first position = last) with at least 4 positions of [lon, lat] in
 * range. Throws BAD_USER_INPUT naming the offending field, e.g. `input.polygon.coordinates[0][2]`.
 */
export function parsePolygon(
  field: string,
  input: { type: string; coordinates: number[][][] },
): PolygonGeometry {
  if (input.type !== 'Polygon') throw badUserInput(`${field}.type`, 'must be "Polygon"');
  const rings = input.coordinates;
  if (!Array.isArray(rings) || rings.length === 0) {
    throw badUserInput(`${field}.coordinates`, 'must have at least one ring');
  }
  let total = 0;
  const out = rings.map((ring, r) => {
    const ringField = `${field}.coordinates[${r}]`;
    if (!Array.isArray(ring) || ring.length < 4) {
      throw badUserInput(ringField, 'a ring needs at least 4 positions (a closed triangle)');
    }
    total += ring.length;
    if (total > MAX_POSITIONS)
      throw badUserInput(`${field}.coordinates`, `at most ${MAX_POSITIONS} positions`);
    const positions = ring.map((p, i) => {
      const pf = `${ringField}[${i}]`;
      if (!Array.isArray(p) || p.length !== 2)
        throw badUserInput(pf, 'a position is [longitude, latitude]');
      const [lon, lat] = p as [number, number];
      if (!Number.isFinite(lon) || lon < -180 || lon > 180)
        throw badUserInput(pf, 'longitude must be in [-180, 180]');
      if (!Number.isFinite(lat) || lat < -90 || lat > 90)
        throw badUserInput(pf, 'latitude must be in [-90, 90]');
      return [lon, lat] as [number, number];
    });
    const first = positions[0]!;
    const last = positions[positions.length - 1]!;
    if (first[0] !== last[0] || first[1] !== last[1]) {
      throw badUserInput(ringField, 'ring is not closed: the last position must equal the first');
    }
    if (new Set(positions.slice(0, -1).map((p) => p.join(','))).size < 3) {
      throw badUserInput(ringField, 'ring needs at least 3 distinct positions');
    }
    return positions;
  });
  return { type: 'Polygon', coordinates: out };
}
