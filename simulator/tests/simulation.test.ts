import { describe, expect, it } from 'vitest';
import { validateEvent } from '@city/contracts';
import { bearingDiff, haversineM, isRoutable, pointAlongSegment } from '@city/roadgraph';
import { pm25Category } from '../src/air-quality.js';
import { loadCity } from '../src/city.js';
import { dispatchCommand, makeSimulation } from './helpers.js';

describe('Simulation', () => {
  it('is deterministic: same seed, same events (ids and timestamps included)', () => {
    const a = makeSimulation({ seed: 'same', incidentsPerHour: 200 });
    const b = makeSimulation({ seed: 'same', incidentsPerHour: 200 });
    const c = makeSimulation({ seed: 'other', incidentsPerHour: 200 });
    for (let i = 0; i < 120; i++) {
      a.sim.tick();
      b.sim.tick();
      c.sim.tick();
    }
    expect(a.sink.events.length).toBeGreaterThan(1000);
    expect(JSON.stringify(b.sink.events)).toBe(JSON.stringify(a.sink.events));
    expect(JSON.stringify(c.sink.events)).not.toBe(JSON.stringify(a.sink.events));
  });

  it('emits only events that validate, on every simulator topic', () => {
    const { sim, sink } = makeSimulation({ incidentsPerHour: 300, sceneTimeS: () => 60 });
    const unit = sim.fleet.units[0]!;
    sim.dispatch(dispatchCommand(unit.id, -122.41, 37.785));
    for (let i = 0; i < 1800; i++) sim.tick();
    const topics = new Set(sink.events.map((e) => e.topic));
    expect([...topics].sort()).toEqual(
      [
        'air_quality_data',
        'emergency_incident_data',
        'emergency_unit_status',
        'gps_data',
        'traffic_camera_data',
        'vehicle_data',
        'weather_data',
      ].sort(),
    );
    const invalid = sink.events.filter((e) => !validateEvent(e.topic, e.event).ok);
    expect(invalid).toEqual([]);
    const ids = new Set(sink.events.map((e) => e.event.eventId));
    expect(ids.size).toBe(sink.events.length);
    const incidentTypes = new Set(sink.of('emergency_incident_data').map((e) => e.type));
    expect(incidentTypes.size).toBeGreaterThanOrEqual(4);
  });

  it('keeps vehicles on legal directed edges, GPS fixes within metres of a road and in its direction', () => {
    const city = loadCity();
    const { sim, sink } = makeSimulation({ vehicles: 400, reportIntervalS: 3 });
    for (let i = 0; i < 300; i++) {
      sim.tick();
      for (const v of sim.vehicles) expect(city.views[v.profile].graph.edgeExists[v.edge]).toBe(1);
    }
    const fixes = sink.of('gps_data');
    expect(fixes.length).toBeGreaterThan(30_000);
    for (const fix of fixes.filter((_, i) => i % 20 === 0)) {
      const profile =
        fix.vehicleType === 'bus'
          ? 'bus'
          : ['ambulance', 'fire_engine', 'police'].includes(fix.vehicleType)
            ? 'emergency'
            : 'car';
      const match = city.index.nearest(fix.longitude, fix.latitude, 12, (id) => {
        const s = city.network.segments[id]!;
        if (!isRoutable(s, profile)) return false;
        if (!s.oneway) return true;
        // One-way: the heading must run with the coordinate order at that point.
        const m = city.index.nearest(fix.longitude, fix.latitude, 12, (x) => x === id);
        return (
          m !== null && bearingDiff(pointAlongSegment(s, m.offsetM).headingDeg, fix.headingDeg) < 60
        );
      });
      expect(match, `fix ${JSON.stringify(fix)}`).not.toBeNull();
      expect(match!.distanceM).toBeLessThan(10);
    }
  });

  it('drives at speeds plausible for the road', () => {
    const city = loadCity();
    const { sim, sink } = makeSimulation({ vehicles: 400 });
    for (let i = 0; i < 300; i++) {
      // The speed is chosen for the edge a vehicle is on at the start of the tick; coming off a
      // faster road it may still be braking (never accelerating) above the new limit.
      const limits = sim.vehicles.map((v) => city.views[v.profile].graph.edgeSpeedKmh[v.edge]!);
      const before = sim.vehicles.map((v) => v.speedMps * 3.6);
      sim.tick();
      for (const v of sim.vehicles) {
        const allowed = limits[v.index]! * 1.1 * (v.sirens ? 1.25 : 1) + 0.01;
        expect(v.speedMps * 3.6).toBeLessThanOrEqual(Math.max(allowed, before[v.index]!));
      }
    }
    const speeds = sink.of('gps_data').map((f) => f.speedKmh);
    const moving = speeds.filter((s) => s > 0);
    const mean = moving.reduce((a, b) => a + b, 0) / moving.length;
    expect(mean).toBeGreaterThan(10);
    expect(mean).toBeLessThan(60);
    expect(Math.max(...speeds)).toBeLessThan(130);
  });

  it('camera counts equal the vehicles that really crossed each camera junction', () => {
    const passes = new Map<string, number>();
    const { sim, sink } = makeSimulation({
      vehicles: 800,
      cameras: 120,
      cameraIntervalS: 60,
      onPass: (_v, node, fromEdge, _speed, nowS) => {
        const interval = Math.ceil((nowS - Date.parse('2025-06-02T14:00:00Z') / 1000) / 60);
        const key = `${node}/${fromEdge >> 1}/${interval}`;
        passes.set(key, (passes.get(key) ?? 0) + 1);
      },
    });
    const cameraNodes = new Set(sim.cameras.cameras.map((c) => c.node));
    for (let i = 0; i < 600; i++) sim.tick();
    const events = sink.of('traffic_camera_data');
    expect(events.length).toBe(sim.cameras.cameras.length * 10);
    let total = 0;
    for (const e of events) {
      const interval = Math.round(
        (Date.parse(e.timestamp) - Date.parse('2025-06-02T14:00:00Z')) / 60_000,
      );
      for (const a of e.approaches) {
        expect(a.vehicleCount).toBe(passes.get(`${e.nodeId}/${a.segmentId}/${interval}`) ?? 0);
        if (a.vehicleCount === 0) expect(a.meanSpeedKmh).toBeNull();
        total += a.vehicleCount;
      }
    }
    const cameraPasses = [...passes]
      .filter(([k]) => cameraNodes.has(Number(k.split('/')[0])))
      .reduce((s, [, n]) => s + n, 0);
    expect(total).toBe(cameraPasses);
    expect(total).toBeGreaterThan(100);
  });

  it('moves air quality across EPA PM2.5 categories over a simulated day', () => {
    const { sim, sink } = makeSimulation({
      vehicles: 60,
      reportIntervalS: 600,
      tickS: 10,
      airQualityIntervalS: 600,
      cameras: 0,
    });
    for (let i = 0; i < 8640; i++) sim.tick();
    const aq = sink.of('air_quality_data');
    expect(new Set(aq.map((e) => e.stationId)).size).toBe(50);
    const categories = new Set(aq.map((e) => pm25Category(e.pm25UgPerM3)));
    expect(categories.size).toBeGreaterThanOrEqual(3);
    const perStation = new Map<string, Set<string>>();
    for (const e of aq) {
      if (!perStation.has(e.stationId)) perStation.set(e.stationId, new Set());
      perStation.get(e.stationId)!.add(pm25Category(e.pm25UgPerM3));
    }
    const moving = [...perStation.values()].filter((s) => s.size >= 2).length;
    expect(moving).toBeGreaterThan(40);
  });

  it('closed loop: a dispatched unit reports en_route, on_scene at the incident, clearing, returning, available', () => {
    const { sim, sink } = makeSimulation({ vehicles: 100, sceneTimeS: () => 120 });
    const unit = sim.fleet.units.find((u) => u.type === 'ambulance')!;
    const target = { lon: -122.4135, lat: 37.7775 };
    sim.dispatch(dispatchCommand(unit.id, target.lon, target.lat));
    for (let i = 0; i < 3600; i++) sim.tick();
    const statuses = sink
      .of('emergency_unit_status')
      .filter((s) => s.unitId === unit.id && s.incidentId === 'inc-test-1');
    expect(statuses.map((s) => s.status)).toEqual([
      'en_route',
      'on_scene',
      'clearing',
      'returning',
      'available',
    ]);
    const onScene = statuses[1]!;
    expect(haversineM(onScene.longitude, onScene.latitude, target.lon, target.lat)).toBeLessThan(
      60,
    );
    expect(statuses[0]!.commandId).toBe(dispatchCommand(unit.id, 0, 0).commandId);
  });
});
