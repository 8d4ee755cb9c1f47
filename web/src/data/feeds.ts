import type { Client } from 'urql';
import {
  ActiveIncidentsQuery,
  AirQualityQuery,
  CitySummaryQuery,
  LiveSegmentsQuery,
  VehiclesQuery,
} from '../graphql/operations.js';
import type { Capabilities } from './capabilities.js';
import type {
  AirStation,
  CityStore,
  CongestionLevel,
  HealthAlert,
  Incident,
  VehicleKind,
} from './city-store.js';

export const CITY_BBOX = { minLat: 37.70, minLon: -122.52, maxLat: 37.82, maxLon: -122.35 };

export interface Feed {
  readonly name: string;
  readonly intervalMs: number;
  run(client: Client, store: CityStore): Promise<void>;
}

const vehicles: Feed = {
  name: 'vehicles',
  intervalMs: 1_000,
  async run(client, store) {
    const { data } = await client.query(VehiclesQuery, { limit: 5000 }).toPromise();
    if (!data) return;
    store.setVehicles(
      data.vehicles.map((v) => ({
        id: v.id,
        type: v.type as VehicleKind,
        lon: v.position.longitude,
        lat: v.position.latitude,
        heading: v.heading,
        speed: v.speed,
        speeding: v.speeding,
      })),
    );
  },
};

const segments: Feed = {
  name: 'segments',
  intervalMs: 5_000,
  async run(client, store) {
    const { data } = await client
      .query(LiveSegmentsQuery, { bbox: CITY_BBOX, limit: 5000 })
      .toPromise();
    if (!data) return;
    const levels = new Map<number, CongestionLevel>();
    for (const s of data.roadSegments)
      if (s.congestionLevel) levels.set(Number(s.id), s.congestionLevel);
    store.setSegments(levels);
  },
};

const summary: Feed = {
  name: 'summary',
  intervalMs: 5_000,
  async run(client, store) {
    const { data } = await client.query(CitySummaryQuery, {}).toPromise();
    if (data) store.setSummary(data.citySummary);
  },
};

const incidents: Feed = {
  name: 'incidents',
  intervalMs: 2_000,
  async run(client, store) {
    const { data } = await client.query(ActiveIncidentsQuery, {}).toPromise();
    if (!data) return;
    store.setIncidents(
      data.activeIncidents.map(
        (i): Incident => ({
          id: i.id,
          type: i.type.toLowerCase(),
          severity: i.severity.toLowerCase() as Incident['severity'],
          status: i.status.toLowerCase(),
          description: i.description,
          reportedAt: i.reportedAt,
          updatedAt: i.lastEventAt,
          lon: i.position.longitude,
          lat: i.position.latitude,
          timeline: i.timeline.map((t) => ({
            status: (t.status ?? t.kind).toLowerCase(),
            at: t.occurredAt,
            by: t.unitId ?? t.actor,
          })),
        }),
      ),
    );
  },
};

const air: Feed = {
  name: 'air',
  intervalMs: 10_000,
  async run(client, store) {
    const { data } = await client.query(AirQualityQuery, {}).toPromise();
    if (!data) return;
    const stations: AirStation[] = data.airQualityStations.map((s) => ({
      id: s.id,
      aqi: s.aqi,
      category: s.category.toLowerCase(),
      lon: s.position.longitude,
      lat: s.position.latitude,
      neighbourhood: null,
    }));
    const alerts: HealthAlert[] = data.activeHealthAlerts.map((a) => ({
      id: a.id,
      level: a.category.toLowerCase().replace(/_/g, ' '),
      message: `AQI ${a.aqi} at station ${a.stationId}`,
      neighbourhood: a.stationId,
    }));
    store.setAir(stations, alerts);
  },
};

/**
 * The feeds the console runs: typed polling queries until the gateway serves subscriptions.
 * Switching a feed to a subscription (PENDING_SUBSCRIPTIONS.ts) is local to this file.
 */
export function activeFeeds(_capabilities: Capabilities): Feed[] {
  return [vehicles, segments, summary, incidents, air];
}
