/**
 * What the vehicles stage makes of the simulator's city: segment observations per fix (runs),
 * segment changes that go straight back (A -> B -> A), zone transitions and re-entries within 30 s.
 * No services: the simulation and the stage run in this process.
 *   npm run bench:vehicle-events -w @city/processor -- [vehicles] [minutes]
 */
import type { GeofenceEvent, GpsEvent, SegmentObservation } from '@city/contracts';
import { DEFAULT_CITY_DATA_DIR } from '@city/roadgraph';
import { DEFAULT_SIMULATION_OPTIONS, loadCity, Simulation } from '@city/simulator';
import {
  createMapMatcher,
  createVehiclesStage,
  loadNeighbourhoodZones,
  ZoneIndex,
} from '../src/domains/vehicles/index.js';

const vehicles = Number(process.argv[2] ?? 1000);
const minutes = Number(process.argv[3] ?? 5);

const city = loadCity();
const fixes: GpsEvent[] = [];
const simulation = new Simulation(
  city,
  {
    ...DEFAULT_SIMULATION_OPTIONS,
    seed: 'vehicle-event-volume',
    startMs: Date.parse('2026-12-01T08:00:00Z'),
    vehicles,
    reportIntervalS: 1,
    incidentsPerHour: 0,
  },
  { emit: (topic, event) => void (topic === 'gps_data' && fixes.push(event as GpsEvent)) },
);
for (let s = 0; s < minutes * 60; s++) simulation.tick();

const stage = createVehiclesStage({
  matcher: createMapMatcher(city.network, 60),
  zones: new ZoneIndex(loadNeighbourhoodZones(DEFAULT_CITY_DATA_DIR)),
  staleSeconds: 120,
  speedingTolerancePct: 10,
  hotTtlSeconds: 3600,
});
const state = stage.createState();
let observations = 0;
let backToPrevious = 0;
let transitions = 0;
let reEntries = 0;
const recentSegments = new Map<string, number[]>();
const lastExit = new Map<string, number>();
fixes.forEach((event, i) => {
  const now = Date.parse(event.timestamp);
  const input = { topic: 'gps_data' as const, event, partition: 0, offset: String(i) };
  const w = stage.apply({ ...input, produceTime: now }, state, { now, watermark: 0 });
  for (const emit of w.emits) {
    if (emit.topic === 'segment_observations') {
      const o = emit.event as SegmentObservation;
      observations++;
      const recent = recentSegments.get(o.vehicleId!) ?? [];
      if (recent.at(-2) === o.segmentId) backToPrevious++;
      recentSegments.set(o.vehicleId!, [...recent.slice(-1), o.segmentId]);
    } else if (emit.topic === 'geofence_events') {
      const g = emit.event as GeofenceEvent;
      transitions++;
      const key = `${g.vehicleId} ${g.zoneId}`;
      const t = Date.parse(g.timestamp);
      if (g.transition === 'exit') lastExit.set(key, t);
      else if (t - (lastExit.get(key) ?? -Infinity) <= 30_000) reEntries++;
    }
  }
});
console.log(
  JSON.stringify(
    {
      vehicles,
      minutes,
      fixes: fixes.length,
      segmentObservations: observations,
      fixesPerObservation: Math.round((fixes.length / observations) * 10) / 10,
      segmentChangesBackToPrevious: backToPrevious,
      zoneTransitions: transitions,
      zoneReEntriesWithin30s: reEntries,
    },
    null,
    2,
  ),
);
