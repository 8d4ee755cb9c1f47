/** A ring of [lon, lat] positions (closed or not: the last edge joins the last to the first). */
export type Ring = readonly (readonly [number, number])[];

/** Even-odd ray casting: whether (lon, lat) lies inside the ring. */
export function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether (lon, lat) lies in a GeoJSON polygon's rings: inside the first, outside the holes. */
export function pointInPolygon(lon: number, lat: number, rings: readonly Ring[]): boolean {
  const [outer, ...holes] = rings;
  return (
    outer !== undefined &&
    pointInRing(lon, lat, outer) &&
    !holes.some((hole) => pointInRing(lon, lat, hole))
  );
}
