import { describe, expect, it } from 'vitest';
import type { FeedChange } from '@city/subgraph-kit';
import {
  airQualityFromChange,
  alertFromChange,
  alertReaches,
  categoryGate,
  stationMatcher,
} from './station-stream.js';

const change = (entity: string, id: string, data: Record<string, unknown>): FeedChange => ({
  domain: 'environment',
  entity,
  id,
  fields: Object.keys(data),
  data,
  produceTime: 1,
});

describe('station stream', () => {
  it('gates readings by minimum category and passes the recovery once', () => {
    const gate = categoryGate('unhealthy');
    expect(gate('s1', 'moderate')).toBe(false);
    expect(gate('s1', 'unhealthy')).toBe(true);
    expect(gate('s1', 'very_unhealthy')).toBe(true);
    expect(gate('s1', 'moderate')).toBe(true);
    expect(gate('s1', 'good')).toBe(false);
    expect(categoryGate(null)('s1', 'good')).toBe(true);
  });

  it('filters station ids and area', () => {
    const m = stationMatcher({
      stationIds: ['a'],
      bbox: { minLat: 37.7, minLon: -122.5, maxLat: 37.8, maxLon: -122.4 },
    });
    expect(m.wantsId('a') && m.inArea(37.75, -122.45)).toBe(true);
    expect(m.wantsId('b')).toBe(false);
    expect(m.inArea(37.9, -122.45)).toBe(false);
    expect(() => stationMatcher({ stationIds: Array.from({ length: 1001 }, String) })).toThrow(
      /filter.stationIds/,
    );
  });

  it('builds records from the change data', () => {
    const aq = airQualityFromChange(
      change('AirQualityStation', 'aq-1', {
        timestamp: '2026-01-01T10:00:00.000Z',
        latitude: 37.7,
        longitude: -122.4,
        aqi: 160,
        category: 'Unhealthy',
        categoryCode: 'unhealthy',
      }),
    );
    expect(aq).toMatchObject({ id: 'aq-1', aqi: 160, category: 'unhealthy', latitude: 37.7 });
    const alert = alertFromChange(
      change('HealthAlert', 'aq-aq-1-1', {
        stationId: 'aq-1',
        status: 'cleared',
        category: 'Moderate',
        aqi: 80,
        peakAqi: 160,
        dominantPollutant: 'pm25',
        startedAt: '2026-01-01T09:00:00.000Z',
        endedAt: '2026-01-01T10:00:00.000Z',
        transition: 'cleared',
      }),
    )!;
    expect(alert.transition).toBe('cleared');
    expect(alert.alert).toMatchObject({ category: 'moderate', peakAqi: 160, status: 'cleared' });
    // Peaked at Unhealthy: its clearing still passes an Unhealthy filter, not a Very Unhealthy one.
    expect(alertReaches(alert.alert, 'unhealthy')).toBe(true);
    expect(alertReaches(alert.alert, 'very_unhealthy')).toBe(false);
    expect(airQualityFromChange(change('WeatherStation', 'w', {}))).toBeNull();
  });
});
