// Derives the console's compact base map from data/city: streets (id, display class, name, 5-decimal
// coordinates) and neighbourhood boundaries, into Vite's public dir .cache/public/ (git-ignored,
// copied into the build), with a development /config.js that `npm run start` replaces at runtime.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { compactNeighbourhoods, compactStreets } from './compact-city.js';

const root = new URL('../', import.meta.url);
const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../data/city/${name}`, root), 'utf8')) as unknown;
const publicDir = new URL('.cache/public/', root);
const out = new URL('city/', publicDir);
mkdirSync(out, { recursive: true });
const streets = compactStreets(read('sf_road_segments.geojson'));
const hoods = compactNeighbourhoods(read('sf_neighborhoods_analysis.geojson'));
writeFileSync(new URL('streets.geojson', out), JSON.stringify(streets));
writeFileSync(new URL('neighbourhoods.geojson', out), JSON.stringify(hoods));
writeFileSync(
  new URL('config.js', publicDir),
  "/* global window */\nwindow.__CITY_CONFIG__ = window.__CITY_CONFIG__ || { gatewayUrl: '/graphql', mapboxToken: null, devUsers: [] };\n",
);
console.log(
  `city data: ${streets.features.length} street segments, ${hoods.features.length} neighbourhoods`,
);
