import type { NeighbourhoodAir } from '../data/city-store.js';

const BREAKPOINTS: [number, string][] = [
  [50, 'good'],
  [100, 'moderate'],
  [150, 'unhealthy_for_sensitive_groups'],
  [200, 'unhealthy'],
  [300, 'very_unhealthy'],
];

/** The US EPA category of an AQI (the keys of AQI_COLOURS). */
export function aqiCategory(aqi: number): string {
  return BREAKPOINTS.find(([max]) => aqi <= max)?.[1] ?? 'hazardous';
}

/** Worst first; neighbourhoods without a reading last, by name. */
export function rankNeighbourhoods(
  list: readonly NeighbourhoodAir[],
  limit: number,
): NeighbourhoodAir[] {
  return [...list]
    .sort((a, b) => (b.aqi ?? -1) - (a.aqi ?? -1) || a.name.localeCompare(b.name))
    .slice(0, limit);
}

/** Names of the neighbourhoods whose air comes from the station (those an alert concerns). */
export function neighbourhoodsOfStation(
  stationId: string,
  list: readonly NeighbourhoodAir[],
): string[] {
  return list
    .filter((n) => n.stationId === stationId)
    .map((n) => n.name)
    .sort();
}
