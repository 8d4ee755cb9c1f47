import type { Zone } from './zone-index.js';

/** Tests' operator zone: the square lon -122.41..-122.40, lat 37.78..37.79 (east edge -122.40). */
export function squareZone(id: string): Zone {
  return {
    id,
    kind: 'operator',
    name: 'Test',
    polygons: [
      [
        [
          [-122.41, 37.78],
          [-122.4, 37.78],
          [-122.4, 37.79],
          [-122.41, 37.79],
          [-122.41, 37.78],
        ],
      ],
    ],
  };
}
