import { describe, expect, it } from 'vitest';
import { isCongested, levelOfService, travelTimeIndex } from './level-of-service.js';

describe('levelOfService (HCM 6th ed. urban streets, % of base free-flow speed)', () => {
  it.each([
    [100, 'A'],
    [85.01, 'A'],
    [85, 'B'],
    [67.01, 'B'],
    [67, 'C'],
    [50.01, 'C'],
    [50, 'D'],
    [40.01, 'D'],
    [40, 'E'],
    [30.01, 'E'],
    [30, 'F'],
    [0, 'F'],
  ] as const)('%f %% of free flow is LOS %s', (pct, los) => {
    expect(levelOfService(pct)).toBe(los);
  });

  it('counts only E and F as congested', () => {
    expect(['A', 'B', 'C', 'D', 'E', 'F'].filter((l) => isCongested(l as 'A'))).toEqual(['E', 'F']);
  });
});

describe('travelTimeIndex', () => {
  it('is free-flow speed over mean speed', () => {
    expect(travelTimeIndex(20, 40)).toBe(2);
    expect(travelTimeIndex(40, 40)).toBe(1);
  });

  it('caps a standing queue at 1 km/h', () => {
    expect(travelTimeIndex(0, 40)).toBe(40);
  });
});
