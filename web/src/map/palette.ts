import type { CongestionLevel, Severity, VehicleKind } from '../data/city-store.js';

export const VEHICLE_COLOURS: Record<VehicleKind, string> = {
  CAR: '#4f7cff',
  TAXI: '#f2b705',
  BUS: '#17a673',
  DELIVERY_VAN: '#a267d6',
  AMBULANCE: '#ffffff',
  FIRE_ENGINE: '#ff3b30',
  POLICE: '#0a3cff',
};

export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#d0021b',
  high: '#f5620f',
  medium: '#f5b700',
  low: '#4a90e2',
};

export const CONGESTION_COLOURS: Record<CongestionLevel, string> = {
  FREE: '#2eb85c',
  MODERATE: '#f9c80e',
  HEAVY: '#f86624',
  SEVERE: '#c0392b',
};

/** Emergency unit status: the ring around the unit's vehicle. */
export const UNIT_STATUS_COLOURS: Record<string, string> = {
  available: '#2eb85c',
  dispatched: '#f5620f',
  en_route: '#ff0033',
  on_scene: '#8f3f97',
  clearing: '#f5b700',
  returning: '#4a90e2',
  out_of_service: '#777777',
};

/** EPA AQI categories. */
export const AQI_COLOURS: Record<string, string> = {
  good: '#00e400',
  moderate: '#ffff00',
  unhealthy_for_sensitive_groups: '#ff7e00',
  unhealthy: '#ff0000',
  very_unhealthy: '#8f3f97',
  hazardous: '#7e0023',
};

export const ROAD_STYLE: Record<string, { colour: string; dark: string; width: number }> = {
  motorway: { colour: '#e892a2', dark: '#8a5a66', width: 3.5 },
  primary: { colour: '#fcd6a4', dark: '#8c7a5a', width: 3 },
  secondary: { colour: '#f7fabf', dark: '#777a5a', width: 2.5 },
  tertiary: { colour: '#ffffff', dark: '#6b6b6b', width: 2 },
  residential: { colour: '#ffffff', dark: '#555555', width: 1.4 },
  service: { colour: '#f2f2f2', dark: '#444444', width: 0.8 },
};

/** A `match` expression over a property or feature-state value. */
export function matchColour(
  input: unknown[],
  colours: Record<string, string>,
  fallback: string,
): unknown[] {
  return ['match', input, ...Object.entries(colours).flat(), fallback];
}
