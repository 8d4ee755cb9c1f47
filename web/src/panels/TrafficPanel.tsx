import { useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { CongestedSegmentsQuery } from '../graphql/operations.js';

/** Worst segments now (travel time index first), refreshed every 10 s. */
export function TrafficPanel({ onOpen }: { onOpen(id: string): void }) {
  const [{ data, error }, refetch] = useQuery({
    query: CongestedSegmentsQuery,
    variables: { limit: 10 },
  });
  // Poll until a congestion subscription exists (PENDING_SUBSCRIPTIONS.ts).
  useInterval(() => refetch({ requestPolicy: 'network-only' }), 10_000);
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

function useInterval(callback: () => void, ms: number) {
  const saved = useRef(callback);
  saved.current = callback;
  useEffect(() => {
    const t = setInterval(() => saved.current(), ms);
    return () => clearInterval(t);
  }, [ms]);
}
