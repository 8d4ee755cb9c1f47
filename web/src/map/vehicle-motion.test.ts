import { describe, expect, it } from 'vitest';
import type { PointRecord } from './feature-diff.js';
import { createVehicleMotion } from './vehicle-motion.js';

const at = (lon: number, lat: number, heading = 0): PointRecord => ({
  lon,
  lat,
  props: { type: 'CAR', heading },
});
const geometryOf = (diff: ReturnType<ReturnType<typeof createVehicleMotion>['frame']>) =>
  Object.fromEntries(
    diff.update.filter((u) => u.newGeometry).map((u) => [u.id, u.newGeometry!.coordinates]),
  );

describe('vehicle motion', () => {
  it('adds new vehicles where they are, then glides a moved one over the gap between its reports', () => {
    const motion = createVehicleMotion({ minMs: 100, maxMs: 5_000 });
    motion.setTargets(
      new Map([
        ['a', at(0, 0)],
        ['b', at(5, 5)],
      ]),
      0,
    );
    const first = motion.frame(0);
    expect(first.add.map((f) => f.id)).toEqual(['a', 'b']);
    expect(first.update).toEqual([]);

    // 'a' reports 1 s later 10 units east; 'b' did not move: only 'a' is in motion.
    motion.setTargets(
      new Map([
        ['a', at(10, 0)],
        ['b', at(5, 5)],
      ]),
      1_000,
    );
    expect(motion.moving).toBe(1);
    expect(geometryOf(motion.frame(1_250))).toEqual({ a: [2.5, 0] });
    expect(geometryOf(motion.frame(1_500))).toEqual({ a: [5, 0] });
    expect(geometryOf(motion.frame(2_000))).toEqual({ a: [10, 0] });
    expect(motion.moving).toBe(0);
    expect(motion.frame(2_100)).toEqual({ add: [], update: [], remove: [] });
  });

  it('re-targets from the position shown now, sends changed properties once and removes vanished ids', () => {
    const motion = createVehicleMotion({ minMs: 100, maxMs: 5_000 });
    motion.setTargets(
      new Map([
        ['a', at(0, 0)],
        ['b', at(1, 1)],
      ]),
      0,
    );
    motion.frame(0);
    motion.setTargets(
      new Map([
        ['a', at(10, 0, 90)],
        ['b', at(1, 1)],
      ]),
      1_000,
    );
    motion.frame(1_500); // halfway: shown at 5
    motion.setTargets(new Map([['a', at(5, 10, 0)]]), 1_500);
    const diff = motion.frame(1_500);
    expect(diff.remove).toEqual(['b']);
    expect(diff.update).toContainEqual({
      id: 'a',
      addOrUpdateProperties: [{ key: 'heading', value: 0 }],
    });
    // The new motion starts at (5, 0), where 'a' is drawn, and lasts the 500 ms since its last report.
    expect(geometryOf(diff)).toEqual({ a: [5, 0] });
    expect(geometryOf(motion.frame(1_750))).toEqual({ a: [5, 5] });
    expect(geometryOf(motion.frame(2_000))).toEqual({ a: [5, 10] });
  });

  it('jumps straight to each new position without interpolation (reduced motion)', () => {
    const motion = createVehicleMotion({ interpolate: false });
    motion.setTargets(new Map([['a', at(0, 0)]]), 0);
    motion.frame(0);
    motion.setTargets(new Map([['a', at(3, 4)]]), 1_000);
    expect(geometryOf(motion.frame(1_000))).toEqual({ a: [3, 4] });
    expect(motion.moving).toBe(0);
  });

  it('finishes every motion at once, and jumps for one update when told not to glide', () => {
    const motion = createVehicleMotion();
    motion.setTargets(new Map([['a', at(0, 0)]]), 0);
    motion.frame(0);
    motion.setTargets(new Map([['a', at(10, 0)]]), 1_000);
    expect(geometryOf(motion.frame(1_100))).toEqual({ a: [1, 0] });
    motion.finish();
    expect(geometryOf(motion.frame(1_200))).toEqual({ a: [10, 0] });
    expect(motion.moving).toBe(0);
    motion.setTargets(new Map([['a', at(20, 0)]]), 2_000, false);
    expect(geometryOf(motion.frame(2_000))).toEqual({ a: [20, 0] });
  });

  it('ends a jump in its first frame, even one stamped before the jump was set', () => {
    // requestAnimationFrame's timestamp is the frame's start, which can precede the task that
    // set the targets: the jump must not send the same position again in a second frame.
    const motion = createVehicleMotion({ interpolate: false });
    motion.setTargets(new Map([['a', at(0, 0)]]), 0);
    motion.frame(0);
    motion.setTargets(new Map([['a', at(3, 4)]]), 1_000);
    expect(geometryOf(motion.frame(990))).toEqual({ a: [3, 4] });
    expect(motion.moving).toBe(0);
    expect(motion.frame(1_010).update).toEqual([]);
  });
});
