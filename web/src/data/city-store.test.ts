import { describe, expect, it } from 'vitest';
import { createCityStore, type Incident, type VehiclePoint } from './city-store.js';

const vehicle = (id: string, lon: number): VehiclePoint => ({
  id,
  type: 'CAR',
  lon,
  lat: 37.78,
  heading: 0,
  speed: 20,
  speeding: false,
});
const incident = (id: string, status: string, updatedAt: string): Incident => ({
  id,
  type: 'fire',
  severity: 'high',
  status,
  description: '',
  reportedAt: '2026-11-29T10:00:00.000Z',
  updatedAt,
  lon: -122.4,
  lat: 37.78,
  timeline: [],
});

describe('city store', () => {
  it('applies vehicle batches as upserts and removals on top of a snapshot', () => {
    const store = createCityStore();
    store.setVehicles([vehicle('a', 1), vehicle('b', 2)]);
    const v = store.version('vehicles');
    store.applyVehicles([vehicle('b', 3), vehicle('c', 4)], ['a']);
    expect([...store.vehicles.values()].map((x) => [x.id, x.lon])).toEqual([
      ['b', 3],
      ['c', 4],
    ]);
    expect(store.version('vehicles')).toBe(v + 1);
  });

  it('upserts incident changes and ignores one older than what it holds', () => {
    const store = createCityStore();
    store.setIncidents([incident('i1', 'acknowledged', '2026-11-29T10:05:00.000Z')]);
    store.upsertIncidents([
      incident('i1', 'reported', '2026-11-29T10:01:00.000Z'),
      incident('i2', 'reported', '2026-11-29T10:06:00.000Z'),
    ]);
    expect(store.incidents.map((i) => [i.id, i.status])).toEqual([
      ['i1', 'acknowledged'],
      ['i2', 'reported'],
    ]);
  });

  it('keeps one hour of KPI history, counting only active incidents as emergencies', () => {
    const store = createCityStore();
    store.setIncidents([
      incident('a', 'reported', '2026-11-29T10:00:00.000Z'),
      incident('b', 'resolved', '2026-11-29T10:00:00.000Z'),
      incident('c', 'cancelled', '2026-11-29T10:00:00.000Z'),
    ]);
    const tick = (at: string) => ({
      totalVehicles: 10,
      averageSpeed: 20,
      congestedRoads: 1,
      timestamp: at,
    });
    const now = Date.parse('2026-11-29T11:00:00.000Z');
    store.setSummary(tick('2026-11-29T09:59:00.000Z'), now);
    store.setSummary(tick('2026-11-29T10:30:00.000Z'), now);
    expect(store.history.map((h) => [h.timestamp, h.emergencies])).toEqual([
      ['2026-11-29T10:30:00.000Z', 1],
    ]);
  });

  it('sets and clears segment levels and health alerts', () => {
    const store = createCityStore();
    store.setSegments(new Map([[1, 'FREE']]));
    store.applySegmentLevels([
      [1, null],
      [2, 'SEVERE'],
    ]);
    expect([...store.segments]).toEqual([[2, 'SEVERE']]);
    const alert = { id: 'al', level: 'unhealthy', message: 'AQI 160', stationId: 's1' };
    store.applyAir([], [['al', alert]]);
    expect(store.alerts).toEqual([alert]);
    store.applyAir([], [['al', null]]);
    expect(store.alerts).toEqual([]);
  });
});
