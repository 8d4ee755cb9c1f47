/** Display classes of OSM highway values, drawn from widest to narrowest. */
export const ROAD_CLASSES = [
  'motorway',
  'primary',
  'secondary',
  'tertiary',
  'residential',
  'service',
] as const;
export type RoadClass = (typeof ROAD_CLASSES)[number];

export function roadClassOf(highway: string | null | undefined): RoadClass {
  const base = (highway ?? '').replace(/_link$/, '');
  if (base === 'motorway' || base === 'trunk') return 'motorway';
  if (base === 'primary' || base === 'secondary' || base === 'tertiary') return base;
  if (base === 'residential' || base === 'unclassified' || base === 'living_street')
    return 'residential';
  return 'service';
}
