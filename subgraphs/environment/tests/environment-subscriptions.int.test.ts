import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventOf } from '@city/contracts';
import { waitFor } from '@city/infra';
import { collect } from '../../../gateway/tests/subscriptions/live-stack.js';
import {
  envelope,
  startFederatedStack,
  type FederatedStack,
} from '../../emergencies/tests/federated-stack.js';
import { changeChannel } from '../src/redis-keys.js';

let stack: FederatedStack;
let token: string;
const SMOKE = { lat: 37.7793, lon: -122.4193 };
const CLEAN = { lat: 37.7534, lon: -122.4944 };
const around = (p: { lat: number; lon: number }) => ({
  minLat: p.lat - 0.01,
  minLon: p.lon - 0.01,
  maxLat: p.lat + 0.01,
  maxLon: p.lon + 0.01,
});
// On an hour boundary, so the readings below fall into known hours.
const hour0 = Math.floor((Date.now() - 5 * 3_600_000) / 3_600_000) * 3_600_000;

const aq = (
  stationId: string,
  at: number,
  pm25: number,
  p: { lat: number; lon: number },
): EventOf<'air_quality_data'> => ({
  ...envelope(at),
  stationId,
  latitude: p.lat,
  longitude: p.lon,
  pm25UgPerM3: pm25,
  pm10UgPerM3: 20,
  o3Ppb: 25,
  no2Ppb: 18,
  coPpm: 0.4,
  noiseDbA: 58,
});

async function subscribed(n: number) {
  await waitFor(() => stack.activeSubscriptions('environment') === n);
  const channel = changeChannel(stack.prefix, 'environment');
  await waitFor(async () => {
    const [, count] = (await stack.redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(count) >= 1;
  });
}

beforeAll(async () => {
  stack = await startFederatedStack();
  token = await stack.token(['viewer']);
}, 180_000);

// Every test stops its subscriptions: the subgraph must end them all (no leaked listeners).
afterEach(async () => {
  await waitFor(() => stack.activeSubscriptions('environment') === 0, {
    description: 'no environment subscriptions left',
  });
});

afterAll(async () => {
  await stack?.stop();
});

interface AqFrame {
  airQualityChanged: { station: { id: string; aqi: number; category: string } };
}
interface AlertFrame {
  healthAlertChanged: {
    transition: string;
    producedAt: number;
    alert: {
      stationId: string;
      status: string;
      category: string;
      peakAqi: number;
      endedAt: string | null;
      station: { id: string } | null;
    };
  };
}

describe('environment subscriptions through the gateway', () => {
  it('streams readings and a health alert raised, worsened and cleared, each filter', async () => {
    const client = stack.wsClient(token);
    const aqQuery = `subscription($f: AirQualityStreamFilter) { airQualityChanged(filter: $f) {
      station { id aqi category } producedAt } }`;
    const alertQuery = `subscription($f: HealthAlertStreamFilter) { healthAlertChanged(filter: $f) {
      transition producedAt alert { stationId status category peakAqi endedAt station { id } } } }`;
    const aqById = collect<AqFrame>(client, aqQuery, { f: { stationIds: ['aq-clean'] } });
    const aqByBbox = collect<AqFrame>(client, aqQuery, { f: { bbox: around(SMOKE) } });
    const aqUnhealthy = collect<AqFrame>(client, aqQuery, { f: { minCategory: 'UNHEALTHY' } });
    const alerts = collect<AlertFrame>(client, alertQuery, {});
    const alertsVeryUnhealthy = collect<AlertFrame>(client, alertQuery, {
      f: { minCategory: 'VERY_UNHEALTHY' },
    });
    const alertsSmokeArea = collect<AlertFrame>(client, alertQuery, {
      f: { bbox: around(SMOKE) },
    });
    const alertsCleanArea = collect<AlertFrame>(client, alertQuery, {
      f: { bbox: around(CLEAN) },
    });
    const alertsCleanStation = collect<AlertFrame>(client, alertQuery, {
      f: { stationIds: ['aq-clean'] },
    });
    await subscribed(8);

    // Through the real environment stage, then the change feed: one call per step, in order.
    const steps: EventOf<'air_quality_data'>[] = [
      aq('aq-clean', hour0, 4, CLEAN), // Good
      aq('aq-smoke', hour0, 80, SMOKE), // Unhealthy: alert opened (peak 164)
      aq('aq-smoke', hour0 + 600_000, 200, SMOKE), // hour mean 140, Very Unhealthy: worsened
      aq('aq-smoke', hour0 + 3 * 3_600_000, 2, SMOKE), // only the newest hour counts: cleared
      aq('aq-clean', hour0 + 3 * 3_600_000, 4, CLEAN), // Good again (last of all)
    ];
    for (const step of steps) await stack.process('air_quality_data', [step]);

    const stations = (s: typeof aqById) =>
      s.results.map((r) => {
        expect(r.errors).toBeUndefined();
        const st = r.data!.airQualityChanged.station;
        return `${st.id}:${st.category}`;
      });
    const transitions = (s: typeof alerts) =>
      s.results.map((r) => {
        expect(r.errors).toBeUndefined();
        return r.data!.healthAlertChanged.transition;
      });
    await waitFor(() => stations(aqById).length === 2);
    await waitFor(() => transitions(alerts).length === 3);
    await waitFor(() => stations(aqByBbox).length === 3 && stations(aqUnhealthy).length === 3);
    await waitFor(() => transitions(alertsVeryUnhealthy).length === 2);
    await waitFor(() => transitions(alertsSmokeArea).length === 3);

    expect(stations(aqById)).toEqual(['aq-clean:GOOD', 'aq-clean:GOOD']);
    expect(stations(aqByBbox)).toEqual([
      'aq-smoke:UNHEALTHY',
      'aq-smoke:VERY_UNHEALTHY',
      'aq-smoke:GOOD',
    ]);
    // At or above Unhealthy, then the recovery below it; the clean station never.
    expect(stations(aqUnhealthy)).toEqual(stations(aqByBbox));

    expect(transitions(alerts)).toEqual(['OPENED', 'WORSENED', 'CLEARED']);
    const [opened, , cleared] = alerts.results.map((r) => r.data!.healthAlertChanged);
    expect(opened!.alert).toMatchObject({
      stationId: 'aq-smoke',
      status: 'ACTIVE',
      category: 'UNHEALTHY',
      endedAt: null,
      station: { id: 'aq-smoke' },
    });
    expect(cleared!.alert).toMatchObject({ status: 'CLEARED', category: 'GOOD' });
    expect(cleared!.alert.endedAt).not.toBeNull();
    expect(cleared!.alert.peakAqi).toBeGreaterThan(200);
    // Peak reached Very Unhealthy only when it worsened; from then on every transition passes.
    expect(transitions(alertsVeryUnhealthy)).toEqual(['WORSENED', 'CLEARED']);
    expect(transitions(alertsSmokeArea)).toEqual(['OPENED', 'WORSENED', 'CLEARED']);
    expect(alertsCleanArea.results).toEqual([]);
    expect(alertsCleanStation.results).toEqual([]);
    for (const s of [aqById, aqByBbox, aqUnhealthy, alerts, alertsVeryUnhealthy]) s.stop();
    for (const s of [alertsSmokeArea, alertsCleanArea, alertsCleanStation]) s.stop();
  });

  it('streams weather observations by station and area', async () => {
    const client = stack.wsClient(token);
    const q = `subscription($f: WeatherStreamFilter) { weatherChanged(filter: $f) {
      station { id position { latitude } latest { temperatureC condition } } } }`;
    const byArea = collect<{
      weatherChanged: { station: { id: string; latest: { temperatureC: number } } };
    }>(client, q, { f: { bbox: around(SMOKE) } });
    const byId = collect<{ weatherChanged: { station: { id: string } } }>(client, q, {
      f: { stationIds: ['ws-far'] },
    });
    await subscribed(2);
    const obs = (stationId: string, p: { lat: number; lon: number }, temperatureC: number) => ({
      ...envelope(hour0 + 60_000),
      stationId,
      latitude: p.lat,
      longitude: p.lon,
      temperatureC,
      humidityPct: 80,
      windSpeedKmh: 10,
      windDirectionDeg: 270,
      precipitationMmPerH: 0,
      pressureHpa: 1015,
      condition: 'fog' as const,
    });
    await stack.process('weather_data', [obs('ws-near', SMOKE, 14.5), obs('ws-far', CLEAN, 11)]);
    await waitFor(() => byArea.results.length >= 1 && byId.results.length >= 1);
    expect(byArea.results.map((r) => r.data!.weatherChanged.station)).toEqual([
      {
        id: 'ws-near',
        position: { latitude: SMOKE.lat },
        latest: { temperatureC: 14.5, condition: 'fog' },
      },
    ]);
    expect(byId.results.map((r) => r.data!.weatherChanged.station.id)).toEqual(['ws-far']);
    byArea.stop();
    byId.stop();
  });
});
