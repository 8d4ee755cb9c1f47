import { describe, expect, it } from 'vitest';
import { diffPoints, isEmptyDiff, type PointRecord } from './feature-diff.js';

const rec = (lon: number, lat: number, props: PointRecord['props'] = { type: 'CAR' }) => ({
  lon,
  lat,
  props,
});

describe('diffPoints', () => {
  it('adds new ids, moves changed positions, updates only changed properties, removes vanished ids', () => {
    const before = new Map([
      ['a', rec(1, 1)],
      ['b', rec(2, 2, { type: 'BUS', heading: 10 })],
      ['c', rec(3, 3)],
    ]);
    const after = new Map([
      ['a', rec(1, 1)],
      ['b', rec(2.5, 2, { type: 'BUS', heading: 20 })],
      ['d', rec(4, 4)],
    ]);
    const diff = diffPoints(before, after);
    expect(diff.add.map((f) => [f.id, f.properties])).toEqual([['d', { type: 'CAR', id: 'd' }]]);
    expect(diff.update).toEqual([
      {
        id: 'b',
        newGeometry: { type: 'Point', coordinates: [2.5, 2] },
        addOrUpdateProperties: [{ key: 'heading', value: 20 }],
      },
    ]);
    expect(diff.remove).toEqual(['c']);
  });

  it('sends a property change without a geometry when the point did not move', () => {
    const diff = diffPoints(
      new Map([['a', rec(1, 1, { s: false })]]),
      new Map([['a', rec(1, 1, { s: true })]]),
    );
    expect(diff.update).toEqual([{ id: 'a', addOrUpdateProperties: [{ key: 's', value: true }] }]);
  });

  it('is empty when nothing changed', () => {
    const same = new Map([['a', rec(1, 1)]]);
    expect(isEmptyDiff(diffPoints(same, new Map(same)))).toBe(true);
  });
});
