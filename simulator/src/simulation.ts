import type { DispatchCommand, EventOf } from '@city/contracts';
import { normaliseBearing, offsetLonLat } from '@city/roadgraph';
import { AirQuality } from './air-quality.js';
import { Cameras } from './cameras.js';
import type { City } from './city.js';
import { EmergencyUnits } from './emergency-units.js';
import { BUS_STOP_EVERY_EDGES, Fleet } from './fleet.js';
import { Incidents, type ActiveIncident } from './incidents.js';
import { advanceVehicle, type MovementHooks } from './movement.js';
import { Rng } from './rng.js';
import type { EventSink } from './sink.js';
import { Traffic } from './traffic.js';
import type { Vehicle } from './vehicle.js';
import { Weather } from './weather.js';

export interface SimulationOptions {
  readonly seed: string;
  /** Simulated start instant, ms since the epoch. */
  readonly startMs: number;
  readonly vehicles: number;
  readonly reportIntervalS: number;
  /** A vehicle_data event after every this many gps_data reports. */
  readonly vehicleDataEvery: number;
  readonly cameras: number;
  readonly cameraIntervalS: number;
  readonly weatherStations: number;
  readonly weatherIntervalS: number;
  readonly airQualityStations: number;
  readonly airQualityIntervalS: number;
  readonly incidentsPerHour: number;
  /** Simulated seconds per step. */
  readonly tickS: number;
  readonly source: string;
  /** Observer of every junction crossing (tests use it to check camera counts). */
  readonly onPass?: (
    v: Vehicle,
    node: number,
    fromEdge: number,
    speedMps: number,
    nowS: number,
  ) => void;
  /** Scene time of a unit, seconds; default 8–20 minutes. */
  readonly sceneTimeS?: (unit: Vehicle) => number;
}

export const DEFAULT_SIMULATION_OPTIONS: Omit<SimulationOptions, 'seed' | 'startMs'> = {
  vehicles: 500,
  reportIntervalS: 30,
  vehicleDataEvery: 5,
  cameras: 60,
  cameraIntervalS: 60,
  weatherStations: 4,
  weatherIntervalS: 300,
  airQualityStations: 50,
  airQualityIntervalS: 300,
  incidentsPerHour: 12,
  tickS: 1,
  source: 'simulator',
};

const round1 = (x: number) => Math.round(x * 10) / 10;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The whole city, stepped in fixed simulated ticks. Deterministic: given the same options (seed,
 * start) and the same dispatch commands at the same ticks, it emits the same events.
 */
export class Simulation {
  readonly traffic: Traffic;
  readonly fleet: Fleet;
  readonly cameras: Cameras;
  readonly weather: Weather;
  readonly airQuality: AirQuality;
  readonly incidents: Incidents;
  readonly units: EmergencyUnits;
  private readonly ids: Rng;
  private readonly gpsRng: Rng;
  private readonly hooks: MovementHooks;
  private nowS: number;
  private nextCameraS: number;
  private nextWeatherS: number;
  private nextAirS: number;
  private timestamp = '';
  private readonly pendingCommands: DispatchCommand[] = [];
  ticks = 0;

  constructor(
    readonly city: City,
    readonly options: SimulationOptions,
    private readonly sink: EventSink,
  ) {
    const root = new Rng(options.seed);
    this.ids = root.fork('ids');
    this.gpsRng = root.fork('gps');
    this.nowS = options.startMs / 1000;
    this.traffic = new Traffic(city.network, city.views.car.graph, root.fork('signals'));
    this.fleet = new Fleet(city, this.traffic, root.fork('fleet'), options);
    const signals = city.network.nodes
      .filter((n) => n.control === 'traffic_signals' && city.views.car.inCore[n.id])
      .map((n) => n.id);
    this.cameras = new Cameras(
      city.views.car.graph,
      signals,
      options.cameras,
      root.fork('cameras'),
    );
    this.weather = new Weather(root.fork('weather'), this.nowS, options.weatherStations);
    this.airQuality = new AirQuality(
      city,
      this.traffic,
      root.fork('air'),
      options.airQualityStations,
      this.nowS,
    );
    this.incidents = new Incidents(
      city,
      this.traffic,
      root.fork('incidents'),
      options.incidentsPerHour,
      this.nowS,
    );
    this.units = new EmergencyUnits(
      city,
      this.fleet,
      this.traffic,
      root.fork('units'),
      options.sceneTimeS,
    );
    this.units.announceAll();
    this.nextCameraS = this.nowS + options.cameraIntervalS;
    this.nextWeatherS = this.nowS;
    this.nextAirS = this.nowS;
    const behaviour = root.fork('behaviour');
    this.hooks = {
      pass: (v, node, fromEdge, _toEdge, speedMps) => {
        this.cameras.pass(node, fromEdge, speedMps);
        this.options.onPass?.(v, node, fromEdge, speedMps, this.nowS);
        if (v.type === 'bus' && v.routeIdx % BUS_STOP_EVERY_EDGES === 0) {
          v.dwellUntilS = this.nowS + behaviour.range(10, 30);
          v.passengers = Math.max(0, Math.min(v.capacity, v.passengers + behaviour.int(13) - 6));
        }
      },
      queued: (v, edge, dtS) =>
        this.cameras.queued(edge, this.city.views.car.graph.edgeTo(edge), dtS),
      arrive: (v) => {
        if (v.profile === 'emergency') return this.units.arrive(v, this.nowS);
        if (v.mode === 'loop' && v.loop) {
          v.routeIdx = 0;
          v.edge = v.loop[0]!;
          this.traffic.occupancy[v.route[v.route.length - 1]!]!--;
          this.traffic.occupancy[v.edge]!++;
          v.pos = 0;
          return;
        }
        const dwell =
          v.type === 'delivery_van'
            ? behaviour.range(120, 480)
            : v.type === 'taxi'
              ? behaviour.range(20, 90)
              : behaviour.chance(0.5)
                ? behaviour.range(30, 600)
                : 0;
        v.dwellUntilS = this.nowS + dwell;
        v.speedMps = 0;
        if (v.type === 'taxi') v.passengers = v.passengers > 0 ? 0 : 1 + behaviour.int(3);
        this.fleet.nextTrip(v);
      },
    };
  }

  get nowMs(): number {
    return Math.round(this.nowS * 1000);
  }

  get vehicles(): readonly Vehicle[] {
    return this.fleet.vehicles;
  }

  /** Queues a dispatch command; it takes effect at the next tick (keeps ticks deterministic). */
  dispatch(command: DispatchCommand): void {
    this.pendingCommands.push(command);
  }

  private newId = (): string => this.ids.uuid();

  tick(): void {
    const dt = this.options.tickS;
    this.nowS += dt;
    this.ticks++;
    this.timestamp = new Date(this.nowMs).toISOString();
    const { sink, options } = this;
    for (const command of this.pendingCommands.splice(0)) this.units.dispatch(command);

    for (const inc of this.incidents.spawn(this.nowS, this.newId))
      this.emitIncident(inc, 'reported');
    for (const id of this.units.update(this.nowS)) {
      const inc = this.incidents.resolve(id);
      if (inc) this.emitIncident(inc, 'resolved');
    }
    for (const inc of this.incidents.expired(this.nowS, this.units.handledIncidents())) {
      this.incidents.resolve(inc.id);
      this.emitIncident(inc, 'resolved');
    }

    const views = this.city.views;
    for (const v of this.fleet.vehicles) {
      if (v.edge < 0) continue;
      advanceVehicle(v, dt, this.nowS, views[v.profile].graph, this.traffic, this.hooks);
      if (v.nextReportS <= this.nowS) {
        v.nextReportS = Math.max(v.nextReportS + options.reportIntervalS, this.nowS);
        this.emitGps(v);
        if (v.reports++ % options.vehicleDataEvery === 0) this.emitTelemetry(v);
      }
    }
    for (const r of this.units.drain()) {
      const p = views.emergency.graph.pointAt(r.unit.edge, r.unit.pos);
      sink.emit('emergency_unit_status', {
        schemaVersion: 1,
        eventId: this.newId(),
        timestamp: this.timestamp,
        source: options.source,
        unitId: r.unit.id,
        unitType: r.unit.type as EventOf<'emergency_unit_status'>['unitType'],
        status: r.status,
        incidentId: r.incidentId,
        commandId: r.commandId,
        latitude: round6(p.lat),
        longitude: round6(p.lon),
      });
    }
    if (this.nowS >= this.nextCameraS) {
      this.nextCameraS += options.cameraIntervalS;
      this.cameras.flush(options.cameraIntervalS, this.timestamp, this.newId, (e) =>
        sink.emit('traffic_camera_data', { ...e, source: options.source }),
      );
    }
    if (this.nowS >= this.nextWeatherS) {
      this.nextWeatherS += options.weatherIntervalS;
      this.weather.observe(this.nowS, this.timestamp, this.newId, (e) =>
        sink.emit('weather_data', { ...e, source: options.source }),
      );
    }
    if (this.nowS >= this.nextAirS) {
      this.nextAirS += options.airQualityIntervalS;
      this.airQuality.observe(this.nowS, this.timestamp, this.newId, (e) =>
        sink.emit('air_quality_data', { ...e, source: options.source }),
      );
    }
  }

  private emitGps(v: Vehicle): void {
    const graph = this.city.views[v.profile].graph;
    const p = graph.pointAt(v.edge, v.pos);
    const rng = this.gpsRng;
    const accuracyM = round1(rng.range(3, 6));
    // Receiver noise of about half the stated accuracy, bounded so fixes stay near the road.
    const bound = (x: number) => Math.max(-accuracyM, Math.min(accuracyM, x));
    const noisy = offsetLonLat(
      p.lon,
      p.lat,
      bound(rng.normal(0, accuracyM / 2)),
      bound(rng.normal(0, accuracyM / 2)),
    );
    this.sink.emit('gps_data', {
      schemaVersion: 1,
      eventId: this.newId(),
      timestamp: this.timestamp,
      source: this.options.source,
      vehicleId: v.id,
      vehicleType: v.type,
      latitude: round6(noisy.lat),
      longitude: round6(noisy.lon),
      speedKmh: round1(v.speedMps * 3.6),
      headingDeg: normaliseBearing(round1(p.headingDeg)),
      accuracyM,
    });
  }

  private emitTelemetry(v: Vehicle): void {
    // Energy drains with distance; vehicles "refuel" when low.
    const used = v.odometerKm * 0.2;
    const level = Math.max(5, ((((v.energyPct - used) % 95) + 95) % 95) + 5);
    const electric = v.powertrain === 'electric';
    const event: EventOf<'vehicle_data'> = {
      schemaVersion: 1,
      eventId: this.newId(),
      timestamp: this.timestamp,
      source: this.options.source,
      vehicleId: v.id,
      vehicleType: v.type,
      make: v.make,
      model: v.model,
      year: v.year,
      powertrain: v.powertrain,
      odometerKm: round1(v.odometerKm),
      ...(electric ? { batteryLevelPct: round1(level) } : { fuelLevelPct: round1(level) }),
      ...(v.powertrain === 'hybrid'
        ? { batteryLevelPct: round1(40 + ((v.odometerKm * 7) % 50)) }
        : {}),
      ...(v.type === 'bus' || v.type === 'taxi' ? { passengers: v.passengers } : {}),
      ...(v.type === 'bus' ? { capacity: v.capacity } : {}),
    };
    this.sink.emit('vehicle_data', event);
  }

  private emitIncident(inc: ActiveIncident, status: 'reported' | 'resolved'): void {
    this.sink.emit('emergency_incident_data', {
      schemaVersion: 1,
      eventId: this.newId(),
      timestamp: this.timestamp,
      source: this.options.source,
      incidentId: inc.id,
      type: inc.type,
      status,
      latitude: round6(inc.lat),
      longitude: round6(inc.lon),
      segmentId: inc.segmentId,
      description: inc.description,
      details: inc.details,
      reportedBy:
        status === 'reported'
          ? inc.type === 'fire' || inc.type === 'hazmat'
            ? 'sensor-network'
            : '911-caller'
          : 'simulator',
    });
  }
}
