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

  describe('KPI history', () => {
    const MIN = 60_000;
    const T = Date.parse('2026-11-29T11:00:00.000Z');
    const tick = (t: number, totalVehicles = 10, segmentsObserved = 5) => ({
      totalVehicles,
      averageSpeed: segmentsObserved > 0 ? 20 : 0,
      congestedRoads: 1,
      segmentsObserved,
      timestamp: new Date(t).toISOString(),
    });
    const point = (at: number, totalVehicles: number | null) => ({
      at,
      totalVehicles,
      averageSpeed: null,
      congestedRoads: null,
      emergencies: null,
      worstAqi: null,
    });

    it('starts from the loaded minutes; a tick replaces its minute, counting only active incidents', () => {
      const store = createCityStore();
      store.setIncidents([
        incident('a', 'reported', '2026-11-29T10:00:00.000Z'),
        incident('b', 'resolved', '2026-11-29T10:00:00.000Z'),
        incident('c', 'cancelled', '2026-11-29T10:00:00.000Z'),
      ]);
      const v = store.version('summary');
      store.setHistory([point(T - 2 * MIN, 7), point(T - MIN, 8), point(T, 9)]);
      expect(store.version('summary')).toBe(v + 1);
      store.setSummary(tick(T + 30_000, 12));
      expect(store.history.map((p) => [p.at - T, p.totalVehicles, p.emergencies])).toEqual([
        [-2 * MIN, 7, null],
        [-MIN, 8, null],
        [0, 12, 1],
      ]);
    });

    it('appends a new minute after null points for minutes without a tick, one hour at most', () => {
      const store = createCityStore();
      store.setHistory(Array.from({ length: 60 }, (_v, i) => point(T - (59 - i) * MIN, i)));
      store.setSummary(tick(T + 3 * MIN + 1_000, 99));
      const h = store.history;
      expect(h).toHaveLength(60);
      expect(h[0]!.at).toBe(T - 56 * MIN);
      expect(h.slice(-4).map((p) => [p.at - T, p.totalVehicles])).toEqual([
        [0, 59],
        [MIN, null],
        [2 * MIN, null],
        [3 * MIN, 99],
      ]);
    });

    it('ignores a tick older than the newest point (held while the history reloaded)', () => {
      const store = createCityStore();
      store.setHistory([point(T - MIN, 8), point(T, 9)]);
      store.setSummary(tick(T - MIN + 5_000, 1));
      expect(store.history.map((p) => p.totalVehicles)).toEqual([8, 9]);
      expect(store.summary?.totalVehicles).toBe(1);
    });

    it('records an unknown average speed, not 0, for a minute where no segment was observed', () => {
      const store = createCityStore();
      store.setSummary(tick(T + 1_000, 1, 0));
      store.setSummary(tick(T + MIN, 2, 3));
      expect(store.history.map((p) => p.averageSpeed)).toEqual([null, 20]);
    });

    it('builds the history from ticks alone when none was loaded', () => {
      const store = createCityStore();
      store.setSummary(tick(T + 1_000, 1));
      store.setSummary(tick(T + 6_000, 2));
      store.setSummary(tick(T + MIN, 3));
      expect(store.history.map((p) => [p.at - T, p.totalVehicles])).toEqual([
        [0, 2],
        [MIN, 3],
      ]);
    });
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
