import { pointInZone, type ZoneIndex } from './zone-index.js';

/**
 * How far (m) a fix must be inside a zone to enter it, or outside to leave it. Neighbourhood
 * boundaries run along street centrelines: without a margin, GPS noise of a few metres on a
 * boundary street flips a vehicle between the two neighbourhoods on every fix.
 */
export const ZONE_MARGIN_M = 12;

const M_PER_DEG_LAT = 111_320;

/** The fix and four points `marginM` north, east, south and west of it. */
function probes(lon: number, lat: number, marginM: number): [number, number][] {
  const dLat = marginM / M_PER_DEG_LAT;
  const dLon = marginM / (M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
  return [
    [lon, lat],
    [lon, lat + dLat],
    [lon + dLon, lat],
    [lon, lat - dLat],
    [lon - dLon, lat],
  ];
}

/**
 * The zones a vehicle is in after a fix, with hysteresis: a change of membership (`contained`, the
 * zones containing the fix, against `previous`) counts only when the fix is `marginM` clear of the
 * zone's boundary; closer, the vehicle stays as it was. Without a previous fix, `contained`.
 * Unchanged membership (the common case) costs nothing beyond the containment test.
 */
export function settleZones(
  previous: readonly string[] | undefined,
  contained: readonly string[],
  lon: number,
  lat: number,
  zones: ZoneIndex,
  marginM = ZONE_MARGIN_M,
): string[] {
  if (previous === undefined) return [...contained];
  const before = new Set(previous);
  const now = new Set(contained);
  if (before.size === now.size && contained.every((z) => before.has(z))) return [...previous];
  const around = probes(lon, lat, marginM);
  const clearly = (zoneId: string, inside: boolean) => {
    const zone = zones.get(zoneId);
    // A zone deleted meanwhile: nothing to keep the vehicle in.
    if (!zone) return !inside;
    return around.every(([x, y]) => pointInZone(x, y, zone) === inside);
  };
  const settled = previous.filter((z) => now.has(z) || !clearly(z, false));
  for (const z of contained) if (!before.has(z) && clearly(z, true)) settled.push(z);
  return settled.sort();
}
