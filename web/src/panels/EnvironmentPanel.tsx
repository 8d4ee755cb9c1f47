import type { CityStore } from '../data/city-store.js';
import { useStoreVersion } from '../data/use-city-data.js';
import { AQI_COLOURS } from '../map/palette.js';
import { aqiCategory, neighbourhoodsOfStation, rankNeighbourhoods } from './environment.js';

/** AQI by neighbourhood (from the API, refreshed as stations report) and active health alerts. */
export function EnvironmentPanel({ store, available }: { store: CityStore; available: boolean }) {
  useStoreVersion(store, 'air');
  useStoreVersion(store, 'neighbourhoods');
  const rows = rankNeighbourhoods(store.neighbourhoods, 10);
  return (
    <section className="panel" aria-labelledby="env-title">
      <h2 id="env-title">Environment</h2>
      {!available ? (
        <p className="muted">
          The gateway has no air quality yet (environment subgraph not deployed).
        </p>
      ) : (
        <>
          <ul className="list" aria-label="Health alerts">
            {store.alerts.map((a) => {
              const hoods = neighbourhoodsOfStation(a.stationId, store.neighbourhoods);
              return (
                <li key={a.id} role="alert">
                  {a.level}: {a.message}
                  {hoods.length > 0 ? ` (${hoods.join(', ')})` : ''}
                </li>
              );
            })}
          </ul>
          <ol className="list" aria-label="AQI by neighbourhood" data-testid="aqi-by-neighbourhood">
            {rows.map((n) => (
              <li key={n.id} className="row" data-neighbourhood-id={n.id}>
                <span
                  className="dot"
                  style={{ background: n.aqi === null ? '#999' : AQI_COLOURS[aqiCategory(n.aqi)] }}
                />
                <span className="grow">{n.name}</span>
                <span>AQI {n.aqi ?? '–'}</span>
              </li>
            ))}
            {rows.length === 0 && <li className="muted">No neighbourhood readings yet.</li>}
          </ol>
        </>
      )}
    </section>
  );
}
