import { badUserInput } from './errors.js';

export interface Bbox {
  readonly minLat: number;
  readonly minLon: number;
  readonly maxLat: number;
  readonly maxLon: number;
}

export interface Near {
  readonly lat: number;
  readonly lon: number;
  readonly radiusM: number;
}

function checkLat(field: string, v: number) {
  if (!Number.isFinite(v) || v < -90 || v > 90)
    throw badUserInput(field, 'must be a latitude in [-90, 90]');
}
function checkLon(field: string, v: number) {
  if (!Number.isFinite(v) || v < -180 || v > 180)
    throw badUserInput(field, 'must be a longitude in [-180, 180]');
}

/** Validates a BoundingBox input (`field` is its argument path, for the error). */
export function parseBbox(field: string, input: Bbox | null | undefined): Bbox | null {
  if (!input) return null;
  checkLat(`${field}.minLat`, input.minLat);
  checkLat(`${field}.maxLat`, input.maxLat);
  checkLon(`${field}.minLon`, input.minLon);
  checkLon(`${field}.maxLon`, input.maxLon);
  if (input.minLat > input.maxLat) throw badUserInput(`${field}.minLat`, 'must not exceed maxLat');
  if (input.minLon > input.maxLon) throw badUserInput(`${field}.minLon`, 'must not exceed maxLon');
  return input;
}

export function parseNear(
  field: string,
  input: Near | null | undefined,
  maxRadiusM: number,
): Near | null {
  if (!input) return null;
  checkLat(`${field}.lat`, input.lat);
  checkLon(`${field}.lon`, input.lon);
  if (!Number.isFinite(input.radiusM) || input.radiusM <= 0 || input.radiusM > maxRadiusM) {
    throw badUserInput(`${field}.radiusM`, `must be in (0, ${maxRadiusM}]`);
  }
  return input;
}
