import type { Client } from 'urql';
import { NeighbourhoodAirQuery } from '../graphql/operations.js';
import type { CityStore, NeighbourhoodAir } from './city-store.js';

/** At most one neighbourhood query per this interval, however often stations report. */
export const NEIGHBOURHOOD_REFRESH_MS = 10_000;

export async function loadNeighbourhoodAir(client: Client): Promise<NeighbourhoodAir[] | null> {
  const { data } = await client.query(NeighbourhoodAirQuery, {}).toPromise();
  if (!data) return null;
  return data.neighborhoods.map((n) => ({
    id: n.id,
    name: n.name,
    aqi: n.aqi ?? null,
    stationId: n.airQuality?.station.id ?? null,
  }));
}

/**
 * Keeps `store.neighbourhoods` live. The API has no neighbourhood subscription, so the query runs
 * at start and again whenever the `air` channel changes (station events, a snapshot after a
 * reconnect, polling while the socket is down): at most once per `minIntervalMs`, never two at
 * once, and a change during a load is followed by one more load. Returns a function that stops it.
 */
export function startNeighbourhoodAir(
  store: CityStore,
  load: () => Promise<NeighbourhoodAir[] | null>,
  minIntervalMs = NEIGHBOURHOOD_REFRESH_MS,
): () => void {
  let stopped = false;
  let loading = false;
  let dirty = false;
  let lastStart = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async () => {
    timer = undefined;
    if (stopped) return;
    loading = true;
    dirty = false;
    lastStart = Date.now();
    const list = await load().catch(() => null);
    loading = false;
    if (stopped) return;
    if (list) store.setNeighbourhoods(list);
    if (dirty) schedule();
  };
  const schedule = () => {
    if (stopped) return;
    if (loading) {
      dirty = true;
      return;
    }
    if (timer !== undefined) return;
    timer = setTimeout(() => void run(), Math.max(0, lastStart + minIntervalMs - Date.now()));
  };
  const off = store.subscribe('air', schedule);
  void run();
  return () => {
    stopped = true;
    clearTimeout(timer);
    off();
  };
}
