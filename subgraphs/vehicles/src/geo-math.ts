import type { Bbox } from '@city/subgraph-kit';

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;

export function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function inBbox(b: Bbox, lat: number, lon: number): boolean {
  return lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon;
}

/** A GEOSEARCH BYBOX query covering the bbox: centre and width/height in metres (with margin). */
export function bboxSearchBox(b: Bbox): {
  lon: number;
  lat: number;
  widthM: number;
  heightM: number;
} {
  const lat = (b.minLat + b.maxLat) / 2;
  const lon = (b.minLon + b.maxLon) / 2;
  const widthM = haversineM(lat, b.minLon, lat, b.maxLon) * 1.02 + 10;
  const heightM = haversineM(b.minLat, lon, b.maxLat, lon) * 1.02 + 10;
  return { lon, lat, widthM, heightM };
}
