import type { AnyVariables, Client, DocumentInput } from 'urql';
import type { ResultOf } from '../graphql/graphql.js';
import {
  ActiveIncidentsQuery,
  AirQualityChangedSubscription,
  AirQualityQuery,
  CitySummaryHistoryQuery,
  CitySummaryQuery,
  CitySummaryTickSubscription,
  EmergencyUnitChangedSubscription,
  EmergencyUnitsQuery,
  HealthAlertChangedSubscription,
  IncidentChangedSubscription,
  LiveSegmentsQuery,
  SegmentCongestionSubscription,
  VehiclesMovedSubscription,
  VehiclesQuery,
} from '../graphql/operations.js';
import {
  HISTORY_MINUTES,
  type AirStation,
  type CongestionLevel,
  type HealthAlert,
  type Incident,
} from './city-store.js';
import {
  toAirStation,
  toHealthAlert,
  toIncident,
  toKpiPoint,
  toVehiclePoint,
} from './feed-mappers.js';
import { runFeed, type Feed, type FeedRunnerContext } from './feed-runner.js';

export const CITY_BBOX = { minLat: 37.7, minLon: -122.52, maxLat: 37.82, maxLon: -122.35 };
/** Batch interval of vehiclesMoved: the map interpolates positions between batches. */
export const VEHICLE_BATCH_MS = 1_000;

/** Subscribes through urql (subscriptionExchange -> graphql-ws) and emits each event's data. */
function subscribe<D, V extends AnyVariables>(
  client: Client,
  document: DocumentInput<D, V>,
  variables: V,
  emit: (data: D) => void,
): () => void {
  const { unsubscribe } = client.subscription(document, variables).subscribe((result) => {
    if (result.data) emit(result.data);
  });
  return unsubscribe;
}

type VehicleBatch = ResultOf<typeof VehiclesMovedSubscription>['vehiclesMoved'];
const vehicles: Feed<VehicleBatch> = {
  name: 'vehicles',
  pollMs: 1_000,
  async snapshot(client, store) {
    const { data } = await client.query(VehiclesQuery, { limit: 5000 }).toPromise();
    if (data) store.setVehicles(data.vehicles.map(toVehiclePoint));
  },
  live: {
    field: 'vehiclesMoved',
    subscribe: (client, emit) =>
      subscribe(client, VehiclesMovedSubscription, { intervalMs: VEHICLE_BATCH_MS }, (d) =>
        emit(d.vehiclesMoved),
      ),
    apply(store, batches) {
      for (const b of batches) store.applyVehicles(b.vehicles.map(toVehiclePoint), b.removedIds);
    },
  },
};

type UnitChange = readonly [string, string];
const units: Feed<UnitChange> = {
  name: 'units',
  pollMs: 5_000,
  async snapshot(client, store) {
    const { data } = await client.query(EmergencyUnitsQuery, {}).toPromise();
    if (data) store.setUnits(data.emergencyUnits.map((u) => [u.id, u.status.toLowerCase()]));
  },
  live: {
    field: 'emergencyUnitChanged',
    coalesceMs: 250,
    subscribe: (client, emit) =>
      subscribe(client, EmergencyUnitChangedSubscription, {}, (d) => {
        const { unit } = d.emergencyUnitChanged;
        emit([unit.id, unit.status.toLowerCase()]);
      }),
    apply: (store, changes) => store.applyUnits(changes),
  },
};

type SegmentChange = readonly [number, CongestionLevel | null];
const segments: Feed<SegmentChange> = {
  name: 'segments',
  pollMs: 5_000,
  async snapshot(client, store) {
    const { data } = await client
      .query(LiveSegmentsQuery, { bbox: CITY_BBOX, limit: 5000 })
      .toPromise();
    if (!data) return;
    const levels = new Map<number, CongestionLevel>();
    for (const s of data.roadSegments)
      if (s.congestionLevel) levels.set(Number(s.id), s.congestionLevel);
    store.setSegments(levels);
  },
  live: {
    field: 'segmentCongestionChanged',
    // Changes come one segment at a time: repaint at most four times a second.
    coalesceMs: 250,
    subscribe: (client, emit) =>
      subscribe(client, SegmentCongestionSubscription, { bbox: CITY_BBOX }, (d) =>
        emit([Number(d.segmentCongestionChanged.segment.id), d.segmentCongestionChanged.level]),
      ),
    apply: (store, changes) => store.applySegmentLevels(changes),
  },
};

type SummaryTick = ResultOf<typeof CitySummaryTickSubscription>['citySummaryTick'];
const summary: Feed<SummaryTick> = {
  name: 'summary',
  pollMs: 5_000,
  async snapshot(client, store) {
    const { data } = await client.query(CitySummaryQuery, {}).toPromise();
    if (data) store.setSummary(data.citySummary);
  },
  async history(client, store) {
    const { data, error } = await client
      .query(CitySummaryHistoryQuery, { minutes: HISTORY_MINUTES })
      .toPromise();
    if (!data) throw error ?? new Error('no city summary history');
    store.setHistory(data.citySummary.history.map(toKpiPoint));
  },
  live: {
    field: 'citySummaryTick',
    subscribe: (client, emit) =>
      subscribe(client, CitySummaryTickSubscription, { intervalMs: 5_000 }, (d) =>
        emit(d.citySummaryTick),
      ),
    apply: (store, ticks) => ticks.forEach((t) => store.setSummary(t)),
  },
};

const incidents: Feed<Incident> = {
  name: 'incidents',
  pollMs: 2_000,
  async snapshot(client, store) {
    const { data } = await client.query(ActiveIncidentsQuery, {}).toPromise();
    if (data) store.setIncidents(data.activeIncidents.map(toIncident));
  },
  live: {
    field: 'incidentChanged',
    subscribe: (client, emit) =>
      subscribe(client, IncidentChangedSubscription, {}, (d) =>
        emit(toIncident(d.incidentChanged.incident)),
      ),
    apply: (store, changed) => store.upsertIncidents(changed),
  },
};

/** Station readings and health-alert transitions share the `air` channel. */
type AirChange =
  | { readonly station: AirStation }
  | { readonly alertId: string; readonly alert: HealthAlert | null };
const air: Feed<AirChange> = {
  name: 'air',
  pollMs: 10_000,
  async snapshot(client, store) {
    const { data } = await client.query(AirQualityQuery, {}).toPromise();
    if (data)
      store.setAir(
        data.airQualityStations.map(toAirStation),
        data.activeHealthAlerts.map(toHealthAlert),
      );
  },
  live: {
    field: 'airQualityChanged',
    coalesceMs: 250,
    subscribe(client, emit) {
      const stopStations = subscribe(client, AirQualityChangedSubscription, {}, (d) =>
        emit({ station: toAirStation(d.airQualityChanged.station) }),
      );
      const stopAlerts = subscribe(client, HealthAlertChangedSubscription, {}, (d) => {
        const { alert, transition } = d.healthAlertChanged;
        emit({ alertId: alert.id, alert: transition === 'CLEARED' ? null : toHealthAlert(alert) });
      });
      return () => {
        stopStations();
        stopAlerts();
      };
    },
    apply(store, changes) {
      const stations: AirStation[] = [];
      const alerts: [string, HealthAlert | null][] = [];
      for (const c of changes)
        if ('station' in c) stations.push(c.station);
        else alerts.push([c.alertId, c.alert]);
      store.applyAir(stations, alerts);
    },
  },
};

/**
 * Starts the console's feeds, one per store channel; returns a function that stops them. Each
 * goes live through its subscription when the gateway serves it (feed-runner.ts), else polls; the
 * map and panels only read the store.
 */
export function startFeeds(ctx: FeedRunnerContext): () => void {
  const stops = [
    runFeed(vehicles, ctx),
    runFeed(units, ctx),
    runFeed(segments, ctx),
    runFeed(summary, ctx),
    runFeed(incidents, ctx),
    runFeed(air, ctx),
  ];
  return () => stops.forEach((stop) => stop());
}
