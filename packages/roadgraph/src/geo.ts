import type { LonLat } from './types.js';

export const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

export function haversineM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Initial bearing from point 1 to point 2, degrees clockwise from true north in [0, 360). */
export function bearingDeg(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const φ1 = lat1 * RAD;
  const φ2 = lat2 * RAD;
  const Δλ = (lon2 - lon1) * RAD;
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return normaliseBearing(Math.atan2(y, x) / RAD);
}

export function normaliseBearing(deg: number): number {
  const b = deg % 360;
  const r = b < 0 ? b + 360 : b;
  // Rounding can turn 359.9999999 into 360, which the contracts exclude.
  return r >= 360 ? 0 : r;
}

/** Smallest absolute difference between two bearings, in [0, 180]. */
export function bearingDiff(a: number, b: number): number {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
}

/**
 * Equirectangular projection around a reference latitude: metres east/north of an origin.
 * Over a city (a few km) the error is well under 0.1 %, and it is much cheaper than haversine.
 */
export class LocalProjection {
  readonly mPerDegLon: number;
  readonly mPerDegLat: number;

  constructor(readonly origin: LonLat) {
    this.mPerDegLat = EARTH_RADIUS_M * RAD;
    this.mPerDegLon = this.mPerDegLat * Math.cos(origin.lat * RAD);
  }

  x(lon: number): number {
    return (lon - this.origin.lon) * this.mPerDegLon;
  }

  y(lat: number): number {
    return (lat - this.origin.lat) * this.mPerDegLat;
  }

  lon(x: number): number {
    return this.origin.lon + x / this.mPerDegLon;
  }

  lat(y: number): number {
    return this.origin.lat + y / this.mPerDegLat;
  }
}

/** Offsets a point by metres east and north (small distances). */
export function offsetLonLat(lon: number, lat: number, eastM: number, northM: number): LonLat {
  const mPerDegLat = EARTH_RADIUS_M * RAD;
  return {
    lon: lon + eastM / (mPerDegLat * Math.cos(lat * RAD)),
    lat: lat + northM / mPerDegLat,
  };
}
