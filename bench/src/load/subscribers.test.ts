import { describe, expect, it } from 'vitest';
import { kindOf, tile } from './subscribers.js';

describe('subscriber mix', () => {
  it('is 80 % viewport, 10 % incident, 10 % alert subscriptions', () => {
    const counts = { viewport: 0, incident: 0, alert: 0 };
    for (let i = 0; i < 1000; i++) counts[kindOf(i)]++;
    expect(counts).toEqual({ viewport: 800, incident: 100, alert: 100 });
  });

  it('tiles cover the area without overlap', () => {
    const a = tile(0, 4);
    const b = tile(1, 4);
    expect(a.maxLon).toBeCloseTo(b.minLon);
    expect(a.minLat).toBe(b.minLat);
  });
});
