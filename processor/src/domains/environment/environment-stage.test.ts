import type { AirQualityEvent, WeatherEvent } from '@city/contracts';
import { describe, expect, it } from 'vitest';
import { deriveEventId } from '../../pipeline/derive-event-id.js';
import type { InputEvent, StageContext, Writes } from '../../pipeline/types.js';
import { createEnvironmentStage } from './environment-stage.js';
import type { EnvironmentState } from './environment-state.js';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const H = 3_600_000;
const iso = (t: number) => new Date(t).toISOString();
const ctx: StageContext = { now: T0, watermark: T0 };
let seq = 0;

function aq(t: number, pm25: number, over: Partial<AirQualityEvent> = {}): InputEvent {
  const event: AirQualityEvent = {
    schemaVersion: 1,
    eventId: deriveEventId('aq', ++seq),
    timestamp: iso(t),
    source: 'test',
    stationId: 'aq-mission',
    latitude: 37.76,
    longitude: -122.42,
    pm25UgPerM3: pm25,
    pm10UgPerM3: 10,
    o3Ppb: 20,
    no2Ppb: 10,
    coPpm: 0.3,
    noiseDbA: 62,
    ...over,
  };
  return {
    topic: 'air_quality_data',
    event,
    partition: 0,
    offset: String(seq),
    produceTime: t + 5,
  };
}

function weather(
  t: number,
  temperatureC: number,
  condition: WeatherEvent['condition'],
): InputEvent {
  const event: WeatherEvent = {
    schemaVersion: 1,
    eventId: deriveEventId('wx', ++seq),
    timestamp: iso(t),
    source: 'test',
    stationId: 'wx-1',
    latitude: 37.77,
    longitude: -122.41,
    temperatureC,
    humidityPct: 80,
    windSpeedKmh: 10 + temperatureC,
    windDirectionDeg: 270,
    precipitationMmPerH: 0,
    pressureHpa: 1015,
    condition,
  };
  return { topic: 'weather_data', event, partition: 1, offset: String(seq), produceTime: t };
}

function setup() {
  const stage = createEnvironmentStage();
  const state = stage.createState();
  return { stage, state, apply: (i: InputEvent) => stage.apply(i, state, ctx) };
}

const durable = (w: Writes, table: string) =>
  w.durable.filter((d) => d.table === table).map((d) => d.row as Record<string, unknown>);
const hset = (w: Writes, key: string) =>
  w.hot.find((h) => h.op === 'hset' && h.key === key) as
    { fields: Record<string, unknown> } | undefined;

describe('environment stage: air quality', () => {
  it('writes the latest reading with AQI, category, dominant pollutant and noise category', () => {
    const t = setup();
    const w = t.apply(aq(T0 + 60_000, 35.9));
    expect(hset(w, 'env:aq:aq-mission')?.fields).toMatchObject({
      pm25UgPerM3: 35.9,
      aqi: 102,
      category: 'Unhealthy for Sensitive Groups',
      categoryCode: 'unhealthy_for_sensitive_groups',
      dominantPollutant: 'pm25',
      aqiPm25: 102,
      noiseCategory: 'loud',
    });
    expect(w.hot).toContainEqual({
      op: 'geoadd',
      key: 'env:aq:geo',
      member: 'aq-mission',
      longitude: -122.42,
      latitude: 37.76,
    });
    expect(w.changes[0]).toMatchObject({
      entity: 'AirQualityStation',
      id: 'aq-mission',
      produceTime: T0 + 60_005,
    });
  });

  it('keeps a running hourly aggregate keyed by station and hour', () => {
    const t = setup();
    t.apply(aq(T0 + 60_000, 10));
    const w = t.apply(aq(T0 + 120_000, 20, { noiseDbA: 70 }));
    expect(durable(w, 'air_quality_hourly')).toEqual([
      expect.objectContaining({
        station_id: 'aq-mission',
        hour_start: iso(T0),
        samples: 2,
        pm25_avg: 15,
        pm25_max: 20,
        noise_avg_dba: 66,
        noise_max_dba: 70,
        aqi_max: 62, // hour mean 15 µg/m³: 49 / 26.3 × 5.9 + 51
        dominant_pollutant: 'pm25',
      }),
    ]);
  });

  it('amends the hourly aggregate with an out-of-order reading but not the live view', () => {
    const t = setup();
    t.apply(aq(T0 + H + 60_000, 10));
    const w = t.apply(aq(T0 + 60_000, 30));
    expect(w.counters.out_of_order_events).toBe(1);
    expect(durable(w, 'air_quality_hourly')[0]).toMatchObject({
      hour_start: iso(T0),
      samples: 1,
      pm25_avg: 30,
    });
    expect(w.hot).toEqual([]);
    expect(w.changes).toEqual([]);
  });

  it('counts readings older than the kept history as late', () => {
    const t = setup();
    t.apply(aq(T0 + 13 * H, 10));
    const w = t.apply(aq(T0, 10));
    expect(w.counters.window_late_events).toBe(1);
    expect(w.durable).toEqual([]);
  });

  it('smooths PM2.5 over hours with NowCast', () => {
    const t = setup();
    t.apply(aq(T0 + 60_000, 40));
    const w = t.apply(aq(T0 + H + 60_000, 60));
    // Hours [60, 40]: w* = 2/3 -> (60 + 2/3·40) / (5/3) = 52
    expect(hset(w, 'env:aq:aq-mission')?.fields).toMatchObject({ pm25NowCast: 52, aqiPm25: 142 });
  });

  it('opens one health alert per episode, updates it as it worsens and clears it', () => {
    const t = setup();
    const out = [40, 60, 150, 2, 2, 2].map((pm, h) => t.apply(aq(T0 + h * H + 60_000, pm)));
    const alerts = out.map((w) => durable(w, 'health_alerts')[0]);
    const id = `aq-aq-mission-${(T0 + 60_000) / 1000}`;
    expect(alerts[0]).toMatchObject({
      id,
      status: 'active',
      category: 'unhealthy_for_sensitive_groups',
      started_at: iso(T0 + 60_000),
      ended_at: null,
    });
    expect(alerts[1]).toMatchObject({ id, status: 'active' });
    expect(alerts[2]).toMatchObject({ id, category: 'unhealthy', peak_category: 'unhealthy' });
    expect(alerts[3]).toMatchObject({
      id,
      status: 'active',
      category: 'unhealthy_for_sensitive_groups',
    });
    expect(alerts[4]).toMatchObject({ id, status: 'cleared', ended_at: iso(T0 + 4 * H + 60_000) });
    expect(alerts[5]).toBeUndefined();
    expect(out[0]!.hot).toContainEqual({ op: 'sadd', key: 'env:alerts:active', member: id });
    expect(out[4]!.hot).toContainEqual({ op: 'srem', key: 'env:alerts:active', member: id });
    expect(
      out.map((w) => w.changes.find((c) => c.entity === 'HealthAlert')?.data?.transition),
    ).toEqual(['opened', 'updated', 'worsened', 'updated', 'cleared', undefined]);

    const again = t.apply(aq(T0 + 6 * H + 60_000, 300));
    expect(durable(again, 'health_alerts')[0]).toMatchObject({
      id: `aq-aq-mission-${(T0 + 6 * H + 60_000) / 1000}`,
      status: 'active',
    });
  });
});

describe('environment stage: weather', () => {
  it('writes the latest observation and an hourly aggregate with the newest condition', () => {
    const t = setup();
    t.apply(weather(T0 + 60_000, 12, 'fog'));
    const w = t.apply(weather(T0 + 120_000, 14, 'cloudy'));
    const late = t.apply(weather(T0 + 30_000, 10, 'clear'));
    expect(hset(w, 'env:weather:wx-1')?.fields).toMatchObject({
      temperatureC: 14,
      condition: 'cloudy',
      timestamp: iso(T0 + 120_000),
    });
    expect(durable(late, 'weather_hourly')[0]).toMatchObject({
      station_id: 'wx-1',
      hour_start: iso(T0),
      samples: 3,
      temperature_avg_c: 12,
      temperature_min_c: 10,
      temperature_max_c: 14,
      wind_speed_max_kmh: 24,
      condition: 'cloudy',
    });
    expect(late.hot).toEqual([]);
  });
});

describe('environment stage: per-minute AQI sample', () => {
  const samples = (w: Writes) => durable(w, 'air_quality_minutes');

  it('writes the worst and summed current AQI of the partition once per minute', () => {
    const t = setup();
    const mission = t.apply(aq(T0 + 1_000, 35.9));
    const soma = t.apply(aq(T0 + 2_000, 5, { stationId: 'aq-soma' }));
    const aqiOf = (w: Writes) => Number(hset(w, `env:aq:${w.changes[0]!.id}`)!.fields.aqi);
    const now = (ms: number): StageContext => ({ now: T0 + ms, watermark: T0 });
    expect(samples(t.stage.flush!(t.state, now(3_000)))).toEqual([
      {
        minute: iso(T0),
        partition: 0,
        stations: 2,
        aqi_sum: aqiOf(mission) + aqiOf(soma),
        worst_aqi: aqiOf(mission),
        worst_station_id: 'aq-mission',
      },
    ]);
    expect(samples(t.stage.flush!(t.state, now(59_999)))).toEqual([]);
    const restored = t.stage.restore(JSON.parse(JSON.stringify(t.stage.snapshot(t.state))));
    expect(samples(t.stage.flush!(restored, now(59_999)))).toEqual([]);
    expect(samples(t.stage.flush!(restored, now(60_000)))).toMatchObject([
      { minute: iso(T0 + 60_000), stations: 2 },
    ]);
  });

  it('leaves out stations silent past the hot-state TTL, and weather partitions', () => {
    const t = setup();
    t.apply(aq(T0, 35.9));
    t.apply(weather(T0, 10, 'clear'));
    const later: StageContext = { now: T0 + 7_200_001, watermark: T0 };
    expect(samples(t.stage.flush!(t.state, later))).toEqual([]);
    const wx = createEnvironmentStage();
    const wxState = wx.createState();
    wx.apply(weather(T0, 10, 'clear'), wxState, ctx);
    expect(wx.flush!(wxState, ctx).durable).toEqual([]);
  });

  it('restores a snapshot taken before the sample fields existed', () => {
    const stage = createEnvironmentStage();
    expect(stage.restore({ v: 1, aq: [], wx: [] })).toMatchObject({
      partition: null,
      sampledMinute: null,
    });
  });
});

describe('environment stage: checkpoint', () => {
  it('continues identically after a JSON snapshot round trip', () => {
    const run = (restartAfter: number | null) => {
      seq = 0;
      const stage = createEnvironmentStage();
      let state: EnvironmentState = stage.createState();
      const out: Writes[] = [];
      [40, 60, 150, 2, 2, 2].forEach((pm, h) => {
        out.push(stage.apply(aq(T0 + h * H + 60_000, pm), state, ctx));
        out.push(stage.apply(weather(T0 + h * H, 10 + h, 'clear'), state, ctx));
        if (h === restartAfter)
          state = stage.restore(JSON.parse(JSON.stringify(stage.snapshot(state))));
      });
      return out;
    };
    expect(run(2)).toEqual(run(null));
  });
});
