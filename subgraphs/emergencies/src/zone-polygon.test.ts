import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import { parsePolygon } from './zone-polygon.js';

const square = [
  [-122.42, 37.77],
  [-122.41, 37.77],
  [-122.41, 37.78],
  [-122.42, 37.78],
  [-122.42, 37.77],
];

function fieldOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
    return (error as GraphQLError).extensions.field;
  }
  throw new Error('did not throw');
}

describe('parsePolygon', () => {
  it('accepts a closed ring of valid positions', () => {
    expect(parsePolygon('p', { type: 'Polygon', coordinates: [square] }).coordinates[0]).toEqual(
      square,
    );
  });

  it('names the field that is wrong', () => {
    expect(fieldOf(() => parsePolygon('p', { type: 'Point', coordinates: [square] }))).toBe(
      'p.type',
    );
    expect(fieldOf(() => parsePolygon('p', { type: 'Polygon', coordinates: [] }))).toBe(
      'p.coordinates',
    );
    expect(
      fieldOf(() => parsePolygon('p', { type: 'Polygon', coordinates: [square.slice(0, 4)] })),
    ).toBe('p.coordinates[0]');
    expect(
      fieldOf(() => parsePolygon('p', { type: 'Polygon', coordinates: [square.slice(0, 3)] })),
    ).toBe('p.coordinates[0]');
    const badLat = square.map((p, i) => (i === 2 ? [p[0]!, 91] : p));
    expect(fieldOf(() => parsePolygon('p', { type: 'Polygon', coordinates: [badLat] }))).toBe(
      'p.coordinates[0][2]',
    );
    const badLon = square.map((p, i) => (i === 1 ? [-181, p[1]!] : p));
    expect(fieldOf(() => parsePolygon('p', { type: 'Polygon', coordinates: [badLon] }))).toBe(
      'p.coordinates[0][1]',
    );
    const degenerate = [square[0]!, square[1]!, square[0]!, square[0]!];
    expect(fieldOf(() => parsePolygon('p', { type: 'Polygon', coordinates: [degenerate] }))).toBe(
      'p.coordinates[0]',
    );
  });
});
