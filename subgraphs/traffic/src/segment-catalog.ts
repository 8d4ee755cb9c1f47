import { speedLimitKmh, type RoadNetwork, type RoadSegment } from '@city/roadgraph';
import type { Bbox } from '@city/subgraph-kit';

export interface SegmentCatalog {
  readonly size: number;
  get(id: number): RoadSegment | undefined;
  speedLimit(segment: RoadSegment): number;
  /** Ids of segments whose bounding box intersects `bbox`, ascending. */
  idsInBbox(bbox: Bbox): number[];
}

/** Static segment data from the road graph, with per-segment bounding boxes for bbox filters. */
export function createSegmentCatalog(network: RoadNetwork): SegmentCatalog {
  const n = network.segments.length;
  const boxes = new Float64Array(n * 4);
  network.segments.forEach((s, i) => {
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (let k = 0; k < s.coords.length; k += 2) {
      minLon = Math.min(minLon, s.coords[k]!);
      maxLon = Math.max(maxLon, s.coords[k]!);
      minLat = Math.min(minLat, s.coords[k + 1]!);
      maxLat = Math.max(maxLat, s.coords[k + 1]!);
    }
    boxes.set([minLon, minLat, maxLon, maxLat], i * 4);
  });
  return {
    size: n,
    get: (id) => (Number.isInteger(id) ? network.segments[id] : undefined),
    speedLimit: (s) => speedLimitKmh(s),
    idsInBbox(b) {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const o = i * 4;
        if (boxes[o + 2]! < b.minLon || boxes[o]! > b.maxLon) continue;
        if (boxes[o + 3]! < b.minLat || boxes[o + 1]! > b.maxLat) continue;
        ids.push(i);
      }
      return ids;
    },
  };
}
