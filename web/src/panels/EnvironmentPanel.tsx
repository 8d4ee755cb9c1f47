import type { CityStore } from '../data/city-store.js';
import { useStoreVersion } from '../data/use-city-data.js';
import { AQI_COLOURS } from '../map/palette.js';

/** AQI by neighbourhood (worst station) and active health alerts. */
export function EnvironmentPanel({ store, available }: { store: CityStore; available: boolean }) {
  useStoreVersion(store, 'air');
  const byHood = new Map<string, { aqi: number; category: string }>();
  for (const s of store.air) {
    const name = s.neighbourhood ?? 'Other';
    if ((byHood.get(name)?.aqi ?? -1) < s.aqi)
      byHood.set(name, { aqi: s.aqi, category: s.category });
  }
  const rows = [...byHood].sort((a, b) => b[1].aqi - a[1].aqi).slice(0, 10);
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
            {store.alerts.map((a) => (
              <li key={a.id} role="alert">
                {a.level}: {a.message} {a.neighbourhood ? `(${a.neighbourhood})` : ''}
              </li>
            ))}
          </ul>
          <ol className="list" aria-label="AQI by neighbourhood">
            {rows.map(([name, r]) => (
              <li key={name} className="row">
                <span className="dot" style={{ background: AQI_COLOURS[r.category] ?? '#999' }} />
                <span className="grow">{name}</span>
                <span>AQI {r.aqi}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
