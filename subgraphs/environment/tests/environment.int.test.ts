import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '@city/contracts';
import {
  envelope,
  gql,
  startFederatedStack,
  type FederatedStack,
} from '../../emergencies/tests/federated-stack.js';

let stack: FederatedStack;
let token: string;
// Readings every 10 minutes over three hours, starting on an hour boundary.
const hour0 = Math.floor((Date.now() - 4 * 3_600_000) / 3_600_000) * 3_600_000;

const aq = (
  stationId: string,
  at: number,
  pm25: number,
  position = { lat: 37.7749, lon: -122.4194 },
): EventOf<'air_quality_data'> => ({
  ...envelope(at),
  stationId,
  latitude: position.lat,
  longitude: position.lon,
  pm25UgPerM3: pm25,
  pm10UgPerM3: 20,
  o3Ppb: 25,
  no2Ppb: 18,
  coPpm: 0.4,
  noiseDbA: 58,
});

beforeAll(async () => {
  stack = await startFederatedStack();
  const readings: EventOf<'air_quality_data'>[] = [];
  for (let i = 0; i < 18; i++) {
    const t = hour0 + i * 10 * 60_000;
    // Downtown: clean for two hours, then smoke (an alert opens). Sunset: always clean.
    readings.push(aq('aq-downtown', t, i < 12 ? 6 : 150));
    readings.push(aq('aq-sunset', t, 4, { lat: 37.7534, lon: -122.4944 }));
  }
  await stack.process('air_quality_data', readings);
  const weather: EventOf<'weather_data'>[] = [0, 1, 2].map((h) => ({
    ...envelope(hour0 + h * 3_600_000 + 60_000),
    stationId: 'ws-1',
    latitude: 37.77,
    longitude: -122.42,
    temperatureC: 12 + h,
    humidityPct: 80,
    windSpeedKmh: 10,
    windDirectionDeg: 270,
    precipitationMmPerH: 0,
    pressureHpa: 1015,
    condition: 'cloudy',
  }));
  await stack.process('weather_data', weather);
  token = await stack.token(['analyst']);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

async function query<T>(q: string, variables: Record<string, unknown> = {}): Promise<T> {
  const { body } = await gql(stack.url, q, {
    variables,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

describe('environment subgraph', () => {
  it('stations with AQI from the processor, worst first, filtered by category', async () => {
    const data = await query<{
      airQualityStations: {
        id: string;
        category: string;
        aqi: number;
        dominantPollutant: string;
      }[];
      unhealthy: { id: string }[];
      worstAirQuality: { id: string }[];
    }>(`{
      airQualityStations { id aqi category dominantPollutant latest { pm25 timestamp } pollutantAqi { pm25 } }
      unhealthy: airQualityStations(filter: { categories: [UNHEALTHY, VERY_UNHEALTHY, HAZARDOUS] }) { id }
      worstAirQuality { id }
    }`);
    expect(data.airQualityStations.map((s) => s.id)).toEqual(['aq-downtown', 'aq-sunset']);
    const [downtown, sunset] = data.airQualityStations;
    expect(downtown!.aqi).toBeGreaterThan(150);
    expect(downtown!.dominantPollutant).toBe('PM25');
    expect(sunset!.category).toBe('GOOD');
    expect(data.unhealthy).toEqual([{ id: 'aq-downtown' }]);
    expect(data.worstAirQuality).toEqual([{ id: 'aq-downtown' }]);
  });

  it('hourly history from PostgreSQL with cursor pagination', async () => {
    const q = `query($after: String, $from: DateTime!, $to: DateTime!) {
      airQualityStation(id: "aq-downtown") { history(from: $from, to: $to, first: 2, after: $after) {
        edges { node { hourStart samples pm25Avg aqiMax category } } pageInfo { hasNextPage endCursor } } } }`;
    const vars = {
      from: new Date(hour0).toISOString(),
      to: new Date(hour0 + 6 * 3_600_000).toISOString(),
    };
    type Page = {
      airQualityStation: {
        history: {
          edges: { node: { hourStart: string; samples: number; category: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const page1 = (await query<Page>(q, vars)).airQualityStation.history;
    expect(page1.edges.map((e) => e.node.hourStart)).toEqual([
      new Date(hour0).toISOString(),
      new Date(hour0 + 3_600_000).toISOString(),
    ]);
    expect(page1.edges[0]!.node).toMatchObject({ samples: 6, category: 'GOOD' });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await query<Page>(q, { ...vars, after: page1.pageInfo.endCursor }))
      .airQualityStation.history;
    expect(page2.edges.map((e) => e.node.hourStart)).toEqual([
      new Date(hour0 + 2 * 3_600_000).toISOString(),
    ]);
    expect(page2.edges[0]!.node.category).not.toBe('GOOD');
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('health alerts: active from the hot state, episodes from PostgreSQL', async () => {
    const data = await query<{
      activeHealthAlerts: { stationId: string; status: string; station: { id: string } }[];
      healthAlerts: { edges: { node: { id: string; status: string; peakAqi: number } }[] };
    }>(`{
      activeHealthAlerts { id stationId status category aqi peakAqi startedAt station { id } }
      healthAlerts(filter: { stationId: "aq-downtown" }) { edges { node { id status peakAqi } } }
    }`);
    expect(data.activeHealthAlerts).toHaveLength(1);
    expect(data.activeHealthAlerts[0]).toMatchObject({
      stationId: 'aq-downtown',
      status: 'ACTIVE',
      station: { id: 'aq-downtown' },
    });
    expect(data.healthAlerts.edges).toHaveLength(1);
    expect(data.healthAlerts.edges[0]!.node.status).toBe('ACTIVE');
  });

  it('weather station latest and history', async () => {
    const data = await query<{
      weatherStation: {
        latest: { temperatureC: number; condition: string };
        history: { edges: { node: { temperatureAvgC: number } }[] };
      };
    }>(
      `query($from: DateTime!, $to: DateTime!) { weatherStation(id: "ws-1") {
        latest { temperatureC condition } history(from: $from, to: $to) { edges { node { temperatureAvgC } } } } }`,
      {
        from: new Date(hour0).toISOString(),
        to: new Date(hour0 + 6 * 3_600_000).toISOString(),
      },
    );
    expect(data.weatherStation.latest).toEqual({ temperatureC: 14, condition: 'cloudy' });
    expect(data.weatherStation.history.edges.map((e) => e.node.temperatureAvgC)).toEqual([
      12, 13, 14,
    ]);
  });

  it('road segments and neighbourhoods get the nearest station; city summary the worst AQI', async () => {
    const near = stack.network.segments.find((s) => {
      const dLat = (s.coords[1]! - 37.7749) * 111_000;
      const dLon = (s.coords[0]! + 122.4194) * 88_000;
      return Math.hypot(dLat, dLon) < 300;
    })!;
    const data = await query<{
      roadSegment: { id: string; name: string | null; airQuality: { station: { id: string } } };
      neighborhoods: {
        id: string;
        aqi: number | null;
        airQuality: { station: { id: string } } | null;
      }[];
      citySummary: {
        worstAqi: number;
        worstAqiStation: { id: string };
        activeHealthAlerts: number;
      };
      bad: unknown;
    }>(
      `query($id: ID!) {
        roadSegment(id: $id) { id name airQuality { distanceM aqi category station { id } } }
        neighborhoods { id aqi airQuality { station { id } } }
        citySummary { worstAqi worstAqiStation { id } activeHealthAlerts }
      }`,
      { id: String(near.id) },
    );
    expect(data.roadSegment.airQuality.station.id).toBe('aq-downtown');
    expect(data.neighborhoods.length).toBeGreaterThan(10);
    expect(data.neighborhoods.every((n) => n.airQuality !== null && n.aqi !== null)).toBe(true);
    expect(data.citySummary).toMatchObject({
      worstAqiStation: { id: 'aq-downtown' },
      activeHealthAlerts: 1,
    });
  });

  it('names the bad argument', async () => {
    const { body } = await gql(
      stack.url,
      `{ airQualityStation(id: "aq-downtown") { history(from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z") { edges { cursor } } } }`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });
});
