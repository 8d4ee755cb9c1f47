import { haversineM, type RoadNetwork, type RoadNode, type RoadSegment } from '@city/roadgraph';

/**
 * A three-segment street network near Market St for stage tests: 0 is a 25 mph residential street
 * (40.2 km/h free flow), 1 a primary with a posted 50 km/h, 2 a motorway (88.5 km/h).
 */
export function tinyNetwork(): RoadNetwork {
  const points: [number, number][] = [
    [-122.4194, 37.7749],
    [-122.4184, 37.7757],
    [-122.4174, 37.7765],
    [-122.4164, 37.7773],
  ];
  const nodes: RoadNode[] = points.map(([lon, lat], id) => ({
    id,
    lon,
    lat,
    degree: 2,
    control: id === 1 ? 'traffic_signals' : null,
  }));
  const segment = (id: number, highway: string, maxspeedKmh: number | null): RoadSegment => {
    const [a, b] = [points[id]!, points[id + 1]!];
    const length = haversineM(a[0], a[1], b[0], b[1]);
    return {
      id,
      osmId: 1000 + id,
      name: `Test Street ${id}`,
      highway,
      service: null,
      oneway: false,
      maxspeedKmh,
      lanes: 2,
      access: null,
      fromNode: id,
      toNode: id + 1,
      coords: new Float64Array([a[0], a[1], b[0], b[1]]),
      cumLengthM: new Float64Array([0, length]),
      lengthM: length,
    };
  };
  return {
    nodes,
    segments: [
      segment(0, 'residential', null),
      segment(1, 'primary', 50),
      segment(2, 'motorway', null),
    ],
    attribution: 'test',
  };
}
