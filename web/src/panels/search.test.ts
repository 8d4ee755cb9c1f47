import { describe, expect, it } from 'vitest';
import { searchStreets } from './search.js';

const index = [
  { id: 1, name: 'Market Street', lon: 0, lat: 0 },
  { id: 2, name: 'Market Street', lon: 1, lat: 1 },
  { id: 3, name: 'Supermarket Lane', lon: 2, lat: 2 },
  { id: 4, name: 'Mission Street', lon: 3, lat: 3 },
];

describe('searchStreets', () => {
  it('returns each name once, prefix matches first, case-insensitively', () => {
    expect(searchStreets(index, 'MARKET').map((s) => s.name)).toEqual([
      'Market Street',
      'Supermarket Lane',
    ]);
  });
  it('needs at least two characters', () => {
    expect(searchStreets(index, 'm')).toEqual([]);
  });
});
