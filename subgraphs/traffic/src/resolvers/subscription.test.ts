import { describe, expect, it } from 'vitest';
import { crossesLevel } from './subscription.js';

describe('crossesLevel', () => {
  const change = (level: string | null, previousLevel: string | null) =>
    ({ segmentId: 1, level, previousLevel, producedAt: 0 }) as Parameters<typeof crossesLevel>[0];
  it('passes changes into or out of the level or worse', () => {
    expect(crossesLevel(change('HEAVY', 'MODERATE'), 'HEAVY')).toBe(true);
    expect(crossesLevel(change('FREE', 'SEVERE'), 'HEAVY')).toBe(true);
    expect(crossesLevel(change('MODERATE', 'FREE'), 'HEAVY')).toBe(false);
    expect(crossesLevel(change('MODERATE', 'FREE'), null)).toBe(true);
  });
});
