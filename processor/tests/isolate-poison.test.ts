import { describe, expect, it } from 'vitest';
import { isolatePoison } from '../src/runtime/isolate-poison.js';

class Refused extends Error {
  constructor(readonly item: number) {
    super(`refused ${item}`);
  }
}

/** A writer that refuses the poison items (the whole slice fails, as one statement would). */
function writer(poison: ReadonlySet<number>) {
  const written: number[] = [];
  const calls: number[][] = [];
  return {
    written,
    calls,
    run: async (items: readonly number[]) => {
      calls.push([...items]);
      const bad = items.find((i) => poison.has(i));
      if (bad !== undefined) throw new Refused(bad);
      written.push(...items);
    },
  };
}

const rejection = (error: unknown) => (error instanceof Refused ? 'refused' : undefined);

async function isolate(n: number, poison: number[]) {
  const items = Array.from({ length: n }, (_, i) => i);
  const w = writer(new Set(poison));
  const rejected: number[] = [];
  let failure: unknown;
  try {
    await w.run(items);
  } catch (error) {
    failure = error;
  }
  w.calls.length = 0;
  await isolatePoison(items, failure, {
    run: w.run,
    rejection,
    reject: async (item, why) => {
      expect(why).toBe('refused');
      rejected.push(item);
    },
  });
  return { ...w, rejected };
}

describe('isolatePoison', () => {
  it('writes every good item once, in order, and rejects exactly the poison', async () => {
    for (const [n, poison] of [
      [1, [0]],
      [2, [1]],
      [7, [3]],
      [100, [0, 99]],
      [100, [10, 11, 12, 50]],
      [33, [5, 17, 18, 31, 32]],
    ] as [number, number[]][]) {
      const { written, rejected } = await isolate(n, poison);
      expect(rejected).toEqual(poison);
      expect(written).toEqual(
        Array.from({ length: n }, (_, i) => i).filter((i) => !poison.includes(i)),
      );
    }
  });

  it('costs O(k log n) writes, not one per item', async () => {
    const { calls } = await isolate(1024, [700]);
    // Two halves per level, 10 levels down to the single poison item.
    expect(calls.length).toBe(20);
    expect(calls.flat().length).toBeLessThan(2 * 1024);
  });

  it('rethrows at once an error that is not a refusal', async () => {
    const boom = new Error('connection lost');
    let runs = 0;
    await expect(
      isolatePoison([1, 2, 3], boom, {
        run: async () => void runs++,
        rejection,
        reject: async () => undefined,
      }),
    ).rejects.toBe(boom);
    expect(runs).toBe(0);
  });

  it('stops when a half fails with a non-refusal: nothing after it is written', async () => {
    const written: number[] = [];
    const down = new Error('database down');
    await expect(
      isolatePoison([0, 1, 2, 3], new Refused(0), {
        run: async (items) => {
          if (items.includes(2)) throw down;
          written.push(...items);
        },
        rejection,
        reject: async () => undefined,
      }),
    ).rejects.toBe(down);
    expect(written).toEqual([0, 1]);
  });

  it('stops when reject throws (the refusal was not the item’s own)', async () => {
    const notMine = new Error('flush failed');
    const w = writer(new Set([1]));
    await expect(
      isolatePoison([0, 1, 2], new Refused(1), {
        run: w.run,
        rejection,
        reject: async () => {
          throw notMine;
        },
      }),
    ).rejects.toBe(notMine);
    expect(w.written).toEqual([0]);
  });
});
