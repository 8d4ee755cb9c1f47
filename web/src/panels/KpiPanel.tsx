import { isActiveIncident, type CityStore } from '../data/city-store.js';
import { useStoreVersion } from '../data/use-city-data.js';
import { Sparkline } from '../ui/Sparkline.js';

/** City KPIs with one-hour sparklines. */
export function KpiPanel({ store }: { store: CityStore }) {
  useStoreVersion(store, 'summary');
  const s = store.summary;
  const h = store.history;
  const emergencies = store.incidents.filter(isActiveIncident).length;
  const worstAqi = store.air.length ? Math.max(...store.air.map((a) => a.aqi)) : null;
  const kpis = [
    { label: 'Vehicles', value: s?.totalVehicles ?? '–', series: h.map((x) => x.totalVehicles) },
    { label: 'Active emergencies', value: emergencies, series: h.map((x) => x.emergencies) },
    {
      label: 'Average speed',
      // No segment observed in the latest minute means no speed known, not a standstill.
      value: s && s.segmentsObserved > 0 ? `${s.averageSpeed.toFixed(1)} km/h` : '–',
      series: h.map((x) => x.averageSpeed),
    },
    {
      label: 'Congested roads',
      value: s?.congestedRoads ?? '–',
      series: h.map((x) => x.congestedRoads),
    },
    {
      label: 'Worst AQI',
      value: worstAqi ?? '–',
      series: h.map((x) => x.worstAqi),
    },
  ];
  return (
    <section className="panel kpis" aria-labelledby="kpi-title">
      <h2 id="kpi-title">City now</h2>
      <dl>
        {kpis.map((k) => (
          <div key={k.label} className="kpi">
            <dt>{k.label}</dt>
            <dd data-testid={`kpi-${k.label.toLowerCase().replace(/ /g, '-')}`}>{k.value}</dd>
            <Sparkline values={k.series} label={k.label} />
          </div>
        ))}
      </dl>
    </section>
  );
}
