import { describe, expect, it } from 'vitest';
import { sparkRuns } from './Sparkline.js';

describe('sparkRuns', () => {
  it('spreads the values over the width and scales them into the height', () => {
    expect(sparkRuns([0, 5, 10])).toEqual([
      [
        { x: 0, y: 20 },
        { x: 40, y: 10 },
        { x: 80, y: 0 },
      ],
    ]);
  });

  it('breaks the line where a value is unknown, keeping the time axis', () => {
    const runs = sparkRuns([null, 1, 2, null, null, 3, null]);
    expect(runs.map((r) => r.map((p) => Math.round(p.x)))).toEqual([[13, 27], [67]]);
    expect(sparkRuns([null, null])).toEqual([]);
  });
});
