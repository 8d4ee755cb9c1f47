import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '@city/errors';
import { haversineM } from './geo.js';
import type { NodeControl, RoadNetwork, RoadNode, RoadSegment } from './types.js';

/** The repository's copy of the OSM-derived city data. */
export const DEFAULT_CITY_DATA_DIR = fileURLToPath(new URL('../../../data/city/', import.meta.url));

interface Feature {
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}
interface FeatureCollection {
  attribution?: string;
  features: Feature[];
}

function readCollection(path: string): FeatureCollection {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection;
  if (!Array.isArray(parsed.features)) {
    throw new ValidationError(path, [{ path: '/features', message: 'is not an array' }]);
  }
  return parsed;
}

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function parseNodes(collection: FeatureCollection): RoadNode[] {
  const nodes: RoadNode[] = new Array(collection.features.length);
  for (const f of collection.features) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const id = p.node_id as number;
    if (!Number.isInteger(id) || id < 0 || id >= nodes.length || nodes[id]) {
      throw new ValidationError('road nodes', [
        { path: '/node_id', message: `ids must be dense and unique, got ${String(id)}` },
      ]);
    }
    const control = str(p.control);
    nodes[id] = {
      id,
      lon,
      lat,
      degree: num(p.degree) ?? 0,
      control:
        control === 'traffic_signals' || control === 'stop' ? (control as NodeControl) : null,
    };
  }
  return nodes;
}

export function parseSegments(collection: FeatureCollection, nodeCount: number): RoadSegment[] {
  const segments: RoadSegment[] = new Array(collection.features.length);
  for (const f of collection.features) {
    const p = f.properties;
    const id = p.seg_id as number;
    const fromNode = p.from_node as number;
    const toNode = p.to_node as number;
    if (!Number.isInteger(id) || id < 0 || id >= segments.length || segments[id]) {
      throw new ValidationError('road segments', [
        { path: '/seg_id', message: `ids must be dense and unique, got ${String(id)}` },
      ]);
    }
    if (!(fromNode >= 0 && fromNode < nodeCount && toNode >= 0 && toNode < nodeCount)) {
      throw new ValidationError('road segments', [
        { path: `/${id}/from_node`, message: 'refers to an unknown node' },
      ]);
    }
    const points = f.geometry.coordinates as [number, number][];
    const coords = new Float64Array(points.length * 2);
    const cum = new Float64Array(points.length);
    points.forEach(([lon, lat], i) => {
      coords[i * 2] = lon;
      coords[i * 2 + 1] = lat;
      if (i > 0) cum[i] = cum[i - 1]! + haversineM(points[i - 1]![0], points[i - 1]![1], lon, lat);
    });
    segments[id] = {
      id,
      osmId: p.osm_id as number,
      name: str(p.name),
      highway: String(p.highway),
      service: str(p.service),
      oneway: p.oneway === true,
      maxspeedKmh: num(p.maxspeed_kmh),
      lanes: num(p.lanes),
      access: str(p.access),
      fromNode,
      toNode,
      coords,
      cumLengthM: cum,
      // Never zero: travel times and positions divide by it.
      lengthM: Math.max(cum[cum.length - 1] ?? 0, 0.1),
    };
  }
  return segments;
}

/** Loads `sf_road_nodes.geojson` and `sf_road_segments.geojson` from a city data directory. */
export function loadRoadNetwork(dir: string = DEFAULT_CITY_DATA_DIR): RoadNetwork {
  const base = dir.endsWith('/') ? dir : `${dir}/`;
  const nodeCollection = readCollection(`${base}sf_road_nodes.geojson`);
  const segmentCollection = readCollection(`${base}sf_road_segments.geojson`);
  const nodes = parseNodes(nodeCollection);
  return {
    nodes,
    segments: parseSegments(segmentCollection, nodes.length),
    attribution: segmentCollection.attribution ?? '© OpenStreetMap contributors',
  };
}
