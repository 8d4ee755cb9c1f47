export type VehicleKind =
  | 'CAR'
  | 'TAXI'
  | 'BUS'
  | 'DELIVERY_VAN'
  | 'AMBULANCE'
  | 'FIRE_ENGINE'
  | 'POLICE';
export const EMERGENCY_KINDS: readonly VehicleKind[] = ['AMBULANCE', 'FIRE_ENGINE', 'POLICE'];

export interface VehiclePoint {
  readonly id: string;
  readonly type: VehicleKind;
  readonly lon: number;
  readonly lat: number;
  readonly heading: number;
  readonly speed: number;
  readonly speeding: boolean;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export interface Incident {
  readonly id: string;
  readonly type: string;
  readonly severity: Severity;
  readonly status: string;
  readonly description: string;
  readonly reportedAt: string;
  readonly updatedAt: string;
  readonly lon: number;
  readonly lat: number;
  readonly timeline: readonly { status: string; at: string; by?: string | null }[];
}

/** Not yet resolved or cancelled (what activeIncidents returns). */
export const isActiveIncident = (i: Incident): boolean =>
  i.status !== 'resolved' && i.status !== 'cancelled';

export interface AirStation {
  readonly id: string;
  readonly aqi: number;
  readonly category: string;
  readonly lon: number;
  readonly lat: number;
}

export interface HealthAlert {
  readonly id: string;
  readonly level: string;
  readonly message: string;
  readonly stationId: string;
}

/** A neighbourhood's air quality as the API reports it (`Query.neighborhoods`). */
export interface NeighbourhoodAir {
  readonly id: string;
  readonly name: string;
  /** Highest AQI of the stations inside it, or the nearest station's; null when none reports. */
  readonly aqi: number | null;
  /** The station nearest its centre (whose alerts concern it). */
  readonly stationId: string | null;
}

export type CongestionLevel = 'FREE' | 'MODERATE' | 'HEAVY' | 'SEVERE';

export interface Summary {
  readonly totalVehicles: number;
  readonly averageSpeed: number;
  readonly congestedRoads: number;
  /** Segments with speed data in the latest minute; 0 means averageSpeed is unknown. */
  readonly segmentsObserved: number;
  readonly timestamp: string;
}

/** The city KPIs at one whole minute (a sparkline point); null where nothing was known. */
export interface KpiPoint {
  /** Start of the minute (ms since epoch). */
  readonly at: number;
  readonly totalVehicles: number | null;
  readonly averageSpeed: number | null;
  readonly congestedRoads: number | null;
  readonly emergencies: number | null;
  readonly worstAqi: number | null;
}

const MINUTE_MS = 60_000;
/** Sparkline span: the current minute and the 59 before it. */
export const HISTORY_MINUTES = 60;

const emptyPoint = (at: number): KpiPoint => ({
  at,
  totalVehicles: null,
  averageSpeed: null,
  congestedRoads: null,
  emergencies: null,
  worstAqi: null,
});

/**
 * Puts `point` into its minute: replaces that minute's point, or appends it after null points for
 * any minutes skipped; keeps the last HISTORY_MINUTES minutes. Older minutes are left alone.
 */
export function withMinute(history: readonly KpiPoint[], point: KpiPoint): KpiPoint[] {
  const last = history.at(-1);
  let out: KpiPoint[];
  if (!last || point.at > last.at) {
    out = [...history];
    for (let at = last ? last.at + MINUTE_MS : point.at; at < point.at; at += MINUTE_MS)
      out.push(emptyPoint(at));
    out.push(point);
  } else {
    out = history.map((p) => (p.at === point.at ? point : p));
  }
  return out.filter((p) => p.at > point.at - HISTORY_MINUTES * MINUTE_MS);
}

type Channel =
  | 'vehicles'
  | 'units'
  | 'segments'
  | 'incidents'
  | 'air'
  | 'neighbourhoods'
  | 'summary';

/**
 * Live city state shared by the map and the panels. Layers read it imperatively (no React render
 * per vehicle); panels re-render on their channel's version.
 */
export function createCityStore() {
  const listeners = new Map<Channel, Set<() => void>>();
  const versions: Record<Channel, number> = {
    vehicles: 0,
    units: 0,
    segments: 0,
    incidents: 0,
    air: 0,
    neighbourhoods: 0,
    summary: 0,
  };
  const notify = (channel: Channel) => {
    versions[channel]++;
    for (const l of listeners.get(channel) ?? []) l();
  };
  const store = {
    vehicles: new Map<string, VehiclePoint>(),
    /** Emergency unit status by unit id (= its vehicle id), e.g. `en_route`. */
    unitStatus: new Map<string, string>(),
    segments: new Map<number, CongestionLevel>(),
    incidents: [] as Incident[],
    air: [] as AirStation[],
    alerts: [] as HealthAlert[],
    neighbourhoods: [] as NeighbourhoodAir[],
    summary: null as Summary | null,
    /**
     * One-hour history of the KPIs for sparklines, one point per minute, oldest first: loaded from
     * `CitySummary.history`, then the current minute follows the live summary.
     */
    history: [] as KpiPoint[],
    version: (channel: Channel) => versions[channel],
    subscribe(channel: Channel, listener: () => void) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return () => void listeners.get(channel)!.delete(listener);
    },
    /** Replaces the fleet (a snapshot). */
    setVehicles(list: readonly VehiclePoint[]) {
      store.vehicles = new Map(list.map((v) => [v.id, v]));
      notify('vehicles');
    },
    /** Applies a subscription batch: upserts the reported vehicles, deletes the removed ids. */
    applyVehicles(moved: readonly VehiclePoint[], removedIds: readonly string[]) {
      for (const id of removedIds) store.vehicles.delete(id);
      for (const v of moved) store.vehicles.set(v.id, v);
      notify('vehicles');
    },
    setUnits(list: readonly (readonly [string, string])[]) {
      store.unitStatus = new Map(list);
      notify('units');
    },
    applyUnits(changes: readonly (readonly [string, string])[]) {
      for (const [id, status] of changes) store.unitStatus.set(id, status);
      notify('units');
    },
    setSegments(levels: Map<number, CongestionLevel>) {
      store.segments = levels;
      notify('segments');
    },
    /** Applies level changes; null = the segment has no live data any more. */
    applySegmentLevels(changes: readonly (readonly [number, CongestionLevel | null])[]) {
      for (const [id, level] of changes)
        if (level) store.segments.set(id, level);
        else store.segments.delete(id);
      notify('segments');
    },
    setIncidents(list: Incident[]) {
      store.incidents = list;
      notify('incidents');
    },
    /**
     * Upserts changed incidents. A change older than what the store holds (a subscription event
     * buffered while a newer snapshot loaded) is ignored.
     */
    upsertIncidents(changes: readonly Incident[]) {
      const byId = new Map(store.incidents.map((i) => [i.id, i]));
      for (const next of changes) {
        const current = byId.get(next.id);
        if (current && Date.parse(current.updatedAt) > Date.parse(next.updatedAt)) continue;
        byId.set(next.id, next);
      }
      store.incidents = [...byId.values()];
      notify('incidents');
    },
    setAir(stations: AirStation[], alerts: HealthAlert[]) {
      store.air = stations;
      store.alerts = alerts;
      notify('air');
    },
    /** Upserts stations that reported and opens, updates or clears (null) health alerts. */
    applyAir(
      stations: readonly AirStation[],
      alerts: readonly (readonly [string, HealthAlert | null])[],
    ) {
      if (stations.length) {
        const byId = new Map(store.air.map((s) => [s.id, s]));
        for (const s of stations) byId.set(s.id, s);
        store.air = [...byId.values()];
      }
      if (alerts.length) {
        const byId = new Map(store.alerts.map((a) => [a.id, a]));
        for (const [id, alert] of alerts)
          if (alert) byId.set(id, alert);
          else byId.delete(id);
        store.alerts = [...byId.values()];
      }
      notify('air');
    },
    setNeighbourhoods(list: NeighbourhoodAir[]) {
      store.neighbourhoods = list;
      notify('neighbourhoods');
    },
    /** Replaces the KPI history (the server's minutes, oldest first). */
    setHistory(points: readonly KpiPoint[]) {
      store.history = points.slice(-HISTORY_MINUTES);
      notify('summary');
    },
    /**
     * The live summary; it becomes the point of its minute (by the server's `timestamp`, the
     * clock of the history's minutes), with emergencies and worst AQI as the console shows them.
     * A summary older than the newest point (held while the history reloaded) changes no point.
     */
    setSummary(summary: Summary) {
      store.summary = summary;
      const at = Math.floor(Date.parse(summary.timestamp) / MINUTE_MS) * MINUTE_MS;
      if (Number.isFinite(at) && at >= (store.history.at(-1)?.at ?? at)) {
        store.history = withMinute(store.history, {
          at,
          totalVehicles: summary.totalVehicles,
          averageSpeed: summary.segmentsObserved > 0 ? summary.averageSpeed : null,
          congestedRoads: summary.congestedRoads,
          emergencies: store.incidents.filter(isActiveIncident).length,
          worstAqi: store.air.length ? Math.max(...store.air.map((s) => s.aqi)) : null,
        });
      }
      notify('summary');
    },
  };
  return store;
}
export type CityStore = ReturnType<typeof createCityStore>;
