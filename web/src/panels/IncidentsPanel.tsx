import { useState } from 'react';
import type { CityStore, Severity } from '../data/city-store.js';
import { useStoreVersion } from '../data/use-city-data.js';
import { SEVERITY_COLOURS } from '../map/palette.js';
import { filterIncidents, type IncidentFilter } from './incident-list.js';

export function IncidentsPanel(props: {
  store: CityStore;
  available: boolean;
  onOpen(id: string): void;
}) {
  useStoreVersion(props.store, 'incidents');
  const [filter, setFilter] = useState<IncidentFilter>({
    severity: 'all',
    type: 'all',
    sort: 'newest',
  });
  const types = [...new Set(props.store.incidents.map((i) => i.type))].sort();
  const list = filterIncidents(props.store.incidents, filter);
  return (
    <section className="panel incidents" aria-labelledby="incidents-title">
      <h2 id="incidents-title">Incidents</h2>
      {!props.available ? (
        <p className="muted">
          The gateway has no incidents yet (emergencies subgraph not deployed).
        </p>
      ) : (
        <>
          <div className="filters">
            <label>
              Severity
              <select
                value={filter.severity}
                onChange={(e) =>
                  setFilter({ ...filter, severity: e.target.value as Severity | 'all' })
                }
              >
                {['all', 'critical', 'high', 'medium', 'low'].map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
            <label>
              Type
              <select
                value={filter.type}
                onChange={(e) => setFilter({ ...filter, type: e.target.value })}
              >
                {['all', ...types].map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              Sort
              <select
                value={filter.sort}
                onChange={(e) =>
                  setFilter({ ...filter, sort: e.target.value as IncidentFilter['sort'] })
                }
              >
                <option value="newest">newest</option>
                <option value="severity">severity</option>
              </select>
            </label>
          </div>
          <ul className="list" aria-label="Incidents">
            {list.map((i) => (
              <li key={i.id}>
                <button
                  type="button"
                  className="row"
                  data-incident-id={i.id}
                  data-severity={i.severity}
                  onClick={() => props.onOpen(i.id)}
                >
                  <span className="dot" style={{ background: SEVERITY_COLOURS[i.severity] }} />
                  <span className="grow">
                    {i.type} · {i.severity}
                  </span>
                  <span className="muted" data-testid="incident-row-status">
                    {i.status}
                  </span>
                </button>
              </li>
            ))}
            {list.length === 0 && <li className="muted">No incidents.</li>}
          </ul>
        </>
      )}
    </section>
  );
}
