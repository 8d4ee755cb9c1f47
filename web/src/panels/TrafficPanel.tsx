import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import type { CityStore } from '../data/city-store.js';
import { useStoreVersion } from '../data/use-city-data.js';
import { CongestedSegmentsQuery } from '../graphql/operations.js';

const REFRESH_MS = 10_000;

/**
 * Worst segments now (travel time index first). The ranking has no subscription of its own: it
 * is re-queried when the congestion channel changes, at most every 10 s.
 */
export function TrafficPanel({ store, onOpen }: { store: CityStore; onOpen(id: string): void }) {
  const [{ data, error }, refetch] = useQuery({
    query: CongestedSegmentsQuery,
    variables: { limit: 10 },
  });
  const version = useStoreVersion(store, 'segments');
  useThrottled(() => refetch({ requestPolicy: 'network-only' }), version, REFRESH_MS);
  return (
    <section className="panel" aria-labelledby="traffic-title">
      <h2 id="traffic-title">Traffic: worst segments</h2>
      {error && <p role="alert">{error.message}</p>}
      <ol className="list">
        {data?.congestedSegments.map((s) => (
          <li key={s.id}>
            <button type="button" className="row" onClick={() => onOpen(s.id)}>
              <span className="grow">{s.name ?? `segment ${s.id}`}</span>
              <span>LOS {s.los ?? '–'}</span>
              <span className="muted">{s.currentSpeed?.toFixed(0) ?? '–'} km/h</span>
            </button>
          </li>
        ))}
        {data && data.congestedSegments.length === 0 && <li className="muted">No congestion.</li>}
      </ol>
    </section>
  );
}

/** Runs `callback` when `key` changes (not on mount), at most once per `ms`. */
function useThrottled(callback: () => void, key: number, ms: number) {
  const saved = useRef(callback);
  saved.current = callback;
  const last = useRef(Date.now());
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const wait = Math.max(0, last.current + ms - Date.now());
    const t = setTimeout(() => {
      last.current = Date.now();
      saved.current();
    }, wait);
    return () => clearTimeout(t);
  }, [key, ms]);
}
