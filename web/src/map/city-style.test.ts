import { describe, expect, it } from 'vitest';
import { applyCityTheme, cityStyle } from './city-style.js';

describe('applyCityTheme', () => {
  it('repaints the base layers the map has with the other theme, and nothing else', () => {
    const light = cityStyle('light', 'http://x');
    const present = new Set(light.layers.map((l) => l.id).filter((id) => id !== 'streets'));
    const painted = new Map<string, unknown>();
    applyCityTheme(
      {
        getLayer: (id) => (present.has(id) ? { id } : undefined),
        setPaintProperty: (layer, property, value) => painted.set(`${layer}.${property}`, value),
      },
      'dark',
      'http://x',
    );
    const dark = cityStyle('dark', 'http://x');
    const expected = new Map(
      dark.layers
        .filter((l) => present.has(l.id))
        .flatMap((l) => Object.entries(l.paint ?? {}).map(([k, v]) => [`${l.id}.${k}`, v])),
    );
    expect(painted).toEqual(expected);
    expect(painted.get('background.background-color')).toBe('#14161a');
    expect([...painted.keys()].some((k) => k.startsWith('streets.'))).toBe(false);
  });
});
