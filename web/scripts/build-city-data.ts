// Derives the console's compact base map from data/city: streets (id, display class, name, 5-decimal
// coordinates) and neighbourhood boundaries, into public/city/ (served with the build).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compactNeighbourhoods, compactStreets } from './compact-city.js';

const root = new URL('../', import.meta.url);
const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../data/city/${name}`, root), 'utf8')) as unknown;
const out = new URL('public/city/', root);
mkdirSync(out, { recursive: true });
const streets = compactStreets(read('sf_road_segments.geojson'));
const hoods = compactNeighbourhoods(read('sf_neighborhoods_analysis.geojson'));
writeFileSync(new URL('streets.geojson', out), JSON.stringify(streets));
writeFileSync(new URL('neighbourhoods.geojson', out), JSON.stringify(hoods));
console.log(
  `city data: ${streets.features.length} street segments, ${hoods.features.length} neighbourhoods`,
);
