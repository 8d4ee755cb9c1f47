import type { CityStore } from '../data/city-store.js';
import { EMERGENCY_KINDS, isActiveIncident } from '../data/city-store.js';
import { useStoreVersion } from '../data/use-city-data.js';
import type { LayerGroup } from './live-layers.js';
import {
  CONGESTION_COLOURS,
  SEVERITY_COLOURS,
  UNIT_STATUS_COLOURS,
  VEHICLE_COLOURS,
} from './palette.js';

const LABELS: Record<LayerGroup, string> = {
  vehicles: 'Vehicles',
  emergency: 'Emergency units',
  incidents: 'Incidents',
  congestion: 'Congestion',
  air: 'Air quality',
};

function counts(store: CityStore): Record<LayerGroup, number> {
  const vehicles = [...store.vehicles.values()];
  return {
    vehicles: vehicles.length,
    emergency: vehicles.filter((v) => EMERGENCY_KINDS.includes(v.type)).length,
    incidents: store.incidents.filter(isActiveIncident).length,
    congestion: [...store.segments.values()].filter((l) => l === 'HEAVY' || l === 'SEVERE').length,
    air: store.air.length,
  };
}

/** Layer toggles with live counts, and the colour keys. */
export function MapLegend(props: {
  store: CityStore;
  visible: Record<LayerGroup, boolean>;
  onToggle(group: LayerGroup): void;
}) {
  useStoreVersion(props.store, 'vehicles');
  useStoreVersion(props.store, 'incidents');
  useStoreVersion(props.store, 'segments');
  useStoreVersion(props.store, 'air');
  const n = counts(props.store);
  const swatches = (colours: Record<string, string>) => (
    <span className="swatches">
      {Object.entries(colours).map(([k, c]) => (
        <span
          key={k}
          className="swatch"
          title={k.toLowerCase().replace(/_/g, ' ')}
          style={{ background: c }}
        />
      ))}
    </span>
  );
  return (
    <fieldset className="legend" aria-label="Map layers">
      <legend>Layers</legend>
      {(Object.keys(LABELS) as LayerGroup[]).map((group) => (
        <label key={group} className="legend-row">
          <input
            type="checkbox"
            checked={props.visible[group]}
            onChange={() => props.onToggle(group)}
          />
          <span>{LABELS[group]}</span>
          <span className="count" data-testid={`count-${group}`}>
            {n[group]}
          </span>
          {group === 'vehicles' && swatches(VEHICLE_COLOURS)}
          {group === 'emergency' && swatches(UNIT_STATUS_COLOURS)}
          {group === 'incidents' && swatches(SEVERITY_COLOURS)}
          {group === 'congestion' && swatches(CONGESTION_COLOURS)}
        </label>
      ))}
    </fieldset>
  );
}
