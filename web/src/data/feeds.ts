import type { Client } from 'urql';
import { gql } from 'urql';
import {
  CitySummaryQuery,
  LiveSegmentsQuery,
  VehiclesQuery,
} from '../graphql/operations.js';
import { AIR_QUALITY, INCIDENTS, PENDING_FIELDS } from '../graphql/PENDING_OPERATIONS.js';
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

interface RawIncident extends Omit<Incident, 'lon' | 'lat' | 'severity'> {
  severity: string;
  location: { latitude: number; longitude: number };
}

const incidents: Feed = {
  name: 'incidents',
  intervalMs: 2_000,
  async run(client, store) {
    const { data } = await client.query(gql(INCIDENTS), {}).toPromise();
    const list = (data as { incidents?: RawIncident[] } | undefined)?.incidents;
    if (!list) return;
    store.setIncidents(
      list.map((i) => ({
        ...i,
        severity: i.severity.toLowerCase() as Incident['severity'],
        status: i.status.toLowerCase(),
        timeline: i.timeline ?? [],
        dispatchSuggestion: i.dispatchSuggestion ?? [],
        lon: i.location.longitude,
        lat: i.location.latitude,
      })),
    );
  },
};

interface RawAir {
  airQualityStations: {
    id: string;
    aqi: number;
    category: string;
    position: { latitude: number; longitude: number };
    neighborhood: { name: string } | null;
  }[];
  healthAlerts: { id: string; level: string; message: string; neighborhood: { name: string } | null }[];
}

const air: Feed = {
  name: 'air',
  intervalMs: 10_000,
  async run(client, store) {
    const { data } = await client.query(gql(AIR_QUALITY), {}).toPromise();
    const raw = data as RawAir | undefined;
    if (!raw?.airQualityStations) return;
    const stations: AirStation[] = raw.airQualityStations.map((s) => ({
      id: s.id,
      aqi: s.aqi,
      category: s.category.toLowerCase(),
      lon: s.position.longitude,
      lat: s.position.latitude,
      neighbourhood: s.neighborhood?.name ?? null,
    }));
    const alerts: HealthAlert[] = (raw.healthAlerts ?? []).map((a) => ({
      id: a.id,
      level: a.level,
      message: a.message,
      neighbourhood: a.neighborhood?.name ?? null,
    }));
    store.setAir(stations, alerts);
  },
};

/**
 * The feeds the console runs: typed polling queries now; the pending ones only when the gateway
 * has their root field. Switching a feed to a subscription (PENDING_SUBSCRIPTIONS.ts) is local to
 * this file.
 */
export function activeFeeds(capabilities: Capabilities): Feed[] {
  const feeds = [vehicles, segments, summary];
  if (capabilities.queryFields.has(PENDING_FIELDS.incidents)) feeds.push(incidents);
  if (capabilities.queryFields.has(PENDING_FIELDS.airQuality)) feeds.push(air);
  return feeds;
}
