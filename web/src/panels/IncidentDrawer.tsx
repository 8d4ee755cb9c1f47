import { useMutation, useQuery } from 'urql';
import { allowedActions, type IncidentAction } from '../auth/permissions.js';
import type { CityStore } from '../data/city-store.js';
import { useStoreVersion } from '../data/use-city-data.js';
import { Drawer } from '../ui/Drawer.js';
import {
  AcknowledgeIncidentMutation,
  DispatchSuggestionQuery,
  DispatchUnitsMutation,
  ResolveIncidentMutation,
} from '../graphql/operations.js';

/** Incident details: lifecycle timeline, dispatch suggestion, and the actions the role may take. */
export function IncidentDrawer(props: {
  store: CityStore;
  id: string;
  roles: readonly string[];
  mutationFields: ReadonlySet<string>;
  onClose(): void;
}) {
  useStoreVersion(props.store, 'incidents');
  const incident = props.store.incidents.find((i) => i.id === props.id);
  const [ack, runAck] = useMutation(AcknowledgeIncidentMutation);
  const [dispatch, runDispatch] = useMutation(DispatchUnitsMutation);
  const [resolve, runResolve] = useMutation(ResolveIncidentMutation);
  const [suggestion] = useQuery({
    query: DispatchSuggestionQuery,
    variables: { incidentId: props.id },
  });
  const units = suggestion.data?.dispatchSuggestion ?? [];
  const fieldOf: Record<IncidentAction, string> = {
    acknowledge: 'acknowledgeIncident',
    dispatch: 'dispatchUnits',
    resolve: 'resolveIncident',
  };
  const actions = allowedActions(props.roles).filter((a) => props.mutationFields.has(fieldOf[a]));
  const best = units[0]?.unit;
  const error = ack.error ?? dispatch.error ?? resolve.error;
  return (
    <Drawer
      titleId="drawer-title"
      title={incident ? `${incident.type} · ${incident.severity}` : 'Incident'}
      closeLabel="Close incident details"
      itemKey={props.id}
      onClose={props.onClose}
    >
      {!incident ? (
        <p className="muted">This incident is no longer active.</p>
      ) : (
        <>
          <p>{incident.description}</p>
          <p>
            Status: <strong data-testid="incident-status">{incident.status}</strong>
          </p>
          <h3>Timeline</h3>
          <ol className="timeline">
            {incident.timeline.map((t) => (
              <li key={`${t.status}-${t.at}`}>
                <time dateTime={t.at}>{new Date(t.at).toLocaleTimeString()}</time> {t.status}
                {t.by ? ` · ${t.by}` : ''}
              </li>
            ))}
          </ol>
          <h3>Dispatch suggestion</h3>
          <ol className="list">
            {units.map((u) => (
              <li key={u.unit.id}>
                {u.unit.id} ({u.unit.type.toLowerCase()}) · ETA {Math.round(u.etaSeconds / 60)} min
                · {(u.distanceM / 1000).toFixed(1)} km
              </li>
            ))}
            {units.length === 0 && <li className="muted">No units available.</li>}
          </ol>
          {actions.length > 0 && (
            <div className="actions" role="group" aria-label="Incident actions">
              {actions.includes('acknowledge') && (
                <button type="button" onClick={() => void runAck({ id: incident.id })}>
                  Acknowledge
                </button>
              )}
              {actions.includes('dispatch') && best && (
                <button
                  type="button"
                  onClick={() => void runDispatch({ id: incident.id, unitIds: [best.id] })}
                >
                  Dispatch {best.id}
                </button>
              )}
              {actions.includes('resolve') && (
                <button type="button" onClick={() => void runResolve({ id: incident.id })}>
                  Resolve
                </button>
              )}
            </div>
          )}
          {error && <p role="alert">{error.message}</p>}
        </>
      )}
    </Drawer>
  );
}
