import type { RoadSegment, RoutingProfile } from './types.js';

/** San Francisco's default speed limit where none is posted: 25 mph. */
export const SF_DEFAULT_SPEED_KMH = 40.2;

/** Typical free-flow speeds when OSM has no `maxspeed`, by highway class (km/h). */
export const CLASS_DEFAULT_SPEED_KMH: Readonly<Record<string, number>> = Object.freeze({
  motorway: 88.5, // 55 mph
  motorway_link: 56.3, // 35 mph
  trunk: 56.3,
  trunk_link: 40.2,
  primary: 48.3, // 30 mph
  primary_link: 40.2,
  secondary: SF_DEFAULT_SPEED_KMH,
  secondary_link: 32.2,
  tertiary: SF_DEFAULT_SPEED_KMH,
  tertiary_link: 32.2,
  unclassified: SF_DEFAULT_SPEED_KMH,
  residential: SF_DEFAULT_SPEED_KMH,
  busway: SF_DEFAULT_SPEED_KMH,
  living_street: 16.1, // 10 mph
  service: 16.1,
});

const NOT_ROUTED_SERVICES = new Set(['parking_aisle', 'driveway', 'drive-through']);
const NO_ACCESS = new Set(['private', 'no']);

export function speedLimitKmh(segment: RoadSegment): number {
  if (segment.maxspeedKmh !== null && segment.maxspeedKmh > 0) return segment.maxspeedKmh;
  return CLASS_DEFAULT_SPEED_KMH[segment.highway] ?? SF_DEFAULT_SPEED_KMH;
}

/**
 * Whether a profile may drive on a segment at all. Parking aisles, driveways, drive-throughs and
 * private roads are never routed through; busways are for buses (and emergency units);
 * emergency-access roads only for emergency units.
 */
export function isRoutable(segment: RoadSegment, profile: RoutingProfile): boolean {
  if (segment.service !== null && NOT_ROUTED_SERVICES.has(segment.service)) return false;
  if (segment.access !== null && NO_ACCESS.has(segment.access)) return false;
  if (segment.highway === 'busway') return profile !== 'car';
  if (segment.service === 'emergency_access') return profile === 'emergency';
  return true;
}
