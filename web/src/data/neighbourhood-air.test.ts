import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCityStore, type NeighbourhoodAir } from './city-store.js';
import { startNeighbourhoodAir } from './neighbourhood-air.js';

const hood = (aqi: number): NeighbourhoodAir => ({
  id: 'nbhd:mission',
  name: 'Mission',
  aqi,
  stationId: 's1',
});

/** A load the test resolves by hand, counting calls. */
function manualLoad() {
  const pending: ((list: NeighbourhoodAir[]) => void)[] = [];
  const load = vi.fn(() => new Promise<NeighbourhoodAir[] | null>((r) => pending.push(r)));
  return { load, resolve: (aqi: number) => pending.shift()!([hood(aqi)]) };
}

describe('neighbourhood air refresh', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('loads at start and again after air changes, at most once per interval', async () => {
    const store = createCityStore();
    const { load, resolve } = manualLoad();
    const stop = startNeighbourhoodAir(store, load, 10_000);
    expect(load).toHaveBeenCalledTimes(1);
    resolve(40);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.neighbourhoods).toEqual([hood(40)]);

    // Three station updates within the interval: one query, when the interval has passed.
    store.applyAir([], []);
    store.applyAir([], []);
    await vi.advanceTimersByTimeAsync(5_000);
    store.applyAir([], []);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(load).toHaveBeenCalledTimes(2);
    resolve(160);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.neighbourhoods[0]!.aqi).toBe(160);

    // No air change, no query.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(load).toHaveBeenCalledTimes(2);
    stop();
  });

  it('follows a change that arrives during a load with one more load, none after stop', async () => {
    const store = createCityStore();
    const { load, resolve } = manualLoad();
    const stop = startNeighbourhoodAir(store, load, 1_000);
    store.applyAir([], []);
    store.applyAir([], []);
    expect(load).toHaveBeenCalledTimes(1);
    resolve(10);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(load).toHaveBeenCalledTimes(2);
    resolve(20);
    await vi.advanceTimersByTimeAsync(0);
    store.applyAir([], []);
    stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(load).toHaveBeenCalledTimes(2);
    expect(store.neighbourhoods[0]!.aqi).toBe(20);
  });

  it('keeps the last list when a load fails', async () => {
    const store = createCityStore();
    store.setNeighbourhoods([hood(30)]);
    const stop = startNeighbourhoodAir(store, () => Promise.reject(new Error('502')), 1_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.neighbourhoods).toEqual([hood(30)]);
    stop();
  });
});
