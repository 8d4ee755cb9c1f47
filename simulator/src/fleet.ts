import {
  pathInTree,
  Router,
  shortestPathTree,
  type RoutingProfile,
  type ShortestPathTree,
} from '@city/roadgraph';
import type { City, EmergencyBase, RoutingView } from './city.js';
import { assignRoute } from './movement.js';
import type { Rng } from './rng.js';
import type { Traffic } from './traffic.js';
import { pickModel } from './vehicle-catalog.js';
import type { Vehicle, VehicleType } from './vehicle.js';

export interface FleetOptions {
  /** All vehicles including emergency units. */
  readonly vehicles: number;
  readonly reportIntervalS: number;
}

const UNITS_PER_BASE: Readonly<Record<EmergencyBase['kind'], readonly VehicleType[]>> = {
  fire_station: ['fire_engine', 'ambulance'],
  hospital: ['ambulance', 'ambulance'],
  police: ['police', 'police'],
};
const UNIT_PREFIX: Partial<Record<VehicleType, string>> = {
  ambulance: 'AMB',
  fire_engine: 'ENG',
  police: 'POL',
};
const DESTINATION_POOL = 200;
const ROUTE_CACHE_LIMIT = 100_000;
/** Distinct first routes: vehicles start spread along these (100,000 A* runs would take minutes). */
const INITIAL_ROUTES = 1500;
const BUS_LINES = 12;
export const BUS_STOP_EVERY_EDGES = 6;

/**
 * Creates and routes the vehicles. Civilian trips go between nodes of a fixed destination pool:
 * one shortest-path tree per pool origin and a route cache replace point-to-point searches
 * (100,000 vehicles would otherwise spend most of the CPU in A*).
 */
export class Fleet {
  readonly vehicles: Vehicle[] = [];
  readonly units: Vehicle[] = [];
  readonly routers: Record<RoutingProfile, Router>;
  private readonly pool: Int32Array;
  private readonly cache = new Map<number, Int32Array>();
  private readonly trees = new Map<number, ShortestPathTree>();

  constructor(
    readonly city: City,
    private readonly traffic: Traffic,
    private readonly rng: Rng,
    options: FleetOptions,
  ) {
    const { views } = city;
    this.routers = {
      car: new Router(views.car.graph),
      bus: new Router(views.bus.graph),
      emergency: new Router(views.emergency.graph),
    };
    const core = views.car.core;
    const poolSize = Math.min(DESTINATION_POOL, core.length);
    this.pool = new Int32Array(poolSize);
    for (let i = 0; i < poolSize; i++) this.pool[i] = core[rng.int(core.length)]!;

    for (const base of city.bases) {
      const baseNode = this.nearestCoreNode(views.emergency, base.lon, base.lat);
      for (const type of UNITS_PER_BASE[base.kind]) {
        const n = this.vehicles.filter((v) => v.type === type).length + 1;
        const unit = this.create(
          type,
          `${UNIT_PREFIX[type]}-${String(n).padStart(2, '0')}`,
          'emergency',
          options,
          {
            baseNode,
            mode: 'parked',
          },
        );
        this.parkAtNode(unit, baseNode);
        this.units.push(unit);
      }
    }
    const civilians = Math.max(0, options.vehicles - this.units.length);
    const buses = Math.round(civilians * 0.06);
    const taxis = Math.round(civilians * 0.15);
    const vans = Math.round(civilians * 0.12);
    const cars = civilians - buses - taxis - vans;
    const loops = this.busLoops(Math.min(BUS_LINES, buses));
    for (let i = 0; i < buses; i++) {
      const line = i % loops.length;
      const loop = loops[line]!;
      const bus = this.create(
        'bus',
        `bus-${line + 1}-${String(i + 1).padStart(4, '0')}`,
        'bus',
        options,
        {
          loop,
          mode: 'loop',
        },
      );
      // Spread the buses of a line evenly around it.
      const perLine = Math.ceil(buses / loops.length);
      const idx =
        Math.floor(((Math.floor(i / loops.length) + rng.next() * 0.3) / perLine) * loop.length) %
        loop.length;
      assignRoute(bus, traffic, loop, Infinity, idx, 0);
    }
    const civilianTypes: [VehicleType, number, string][] = [
      ['taxi', taxis, 'taxi'],
      ['delivery_van', vans, 'van'],
      ['car', cars, 'car'],
    ];
    const initial: Int32Array[] = [];
    for (const [type, count, prefix] of civilianTypes) {
      for (let i = 0; i < count; i++) {
        const v = this.create(type, `${prefix}-${String(i + 1).padStart(6, '0')}`, 'car', options, {
          mode: 'trip',
        });
        let route: Int32Array;
        if (initial.length < INITIAL_ROUTES) {
          route = this.tripFrom(this.pool[rng.int(this.pool.length)]!);
          initial.push(route);
        } else route = initial[rng.int(initial.length)]!;
        if (route.length === 0) continue;
        const idx = rng.int(route.length);
        assignRoute(
          v,
          traffic,
          route,
          Infinity,
          idx,
          rng.next() * views.car.graph.edgeLengthM(route[idx]!),
        );
      }
    }
  }

  private create(
    type: VehicleType,
    id: string,
    profile: RoutingProfile,
    options: FleetOptions,
    extra: Partial<Pick<Vehicle, 'loop' | 'baseNode' | 'mode'>>,
  ): Vehicle {
    const rng = this.rng;
    const model = pickModel(rng, type);
    const v: Vehicle = {
      index: this.vehicles.length,
      id,
      type,
      profile,
      mode: extra.mode ?? 'trip',
      route: [],
      routeIdx: 0,
      edge: -1,
      pos: 0,
      stopAtM: Infinity,
      speedMps: 0,
      driverFactor:
        type === 'bus' || profile === 'emergency'
          ? 1
          : Math.min(1.1, Math.max(0.8, rng.normal(0.97, 0.06))),
      dwellUntilS: 0,
      sirens: false,
      nextReportS: rng.next() * options.reportIntervalS,
      reports: 0,
      make: model.make,
      model: model.model,
      year: model.year,
      powertrain: model.powertrain,
      energyPct: rng.range(25, 100),
      odometerKm: Math.round(
        rng.range(2_000, type === 'taxi' || type === 'bus' ? 300_000 : 120_000),
      ),
      passengers: type === 'bus' ? rng.int(30) : 0,
      capacity: model.capacity,
      ...(extra.loop ? { loop: extra.loop } : {}),
      ...(extra.baseNode !== undefined ? { baseNode: extra.baseNode } : {}),
    };
    this.vehicles.push(v);
    return v;
  }

  /** A random trip from `from` to a pool destination (cached). */
  tripFrom(from: number): Int32Array {
    for (let attempt = 0; attempt < 5; attempt++) {
      const to = this.pool[this.rng.int(this.pool.length)]!;
      if (to === from) continue;
      const key = from * this.city.network.nodes.length + to;
      let route = this.cache.get(key);
      if (!route) {
        let tree = this.trees.get(from);
        if (!tree) this.trees.set(from, (tree = shortestPathTree(this.city.views.car.graph, from)));
        const found = pathInTree(this.city.views.car.graph, tree, to);
        if (!found || found.length === 0) continue;
        route = Int32Array.from(found);
        if (this.cache.size >= ROUTE_CACHE_LIMIT) this.cache.clear();
        this.cache.set(key, route);
      }
      return route;
    }
    return new Int32Array(0);
  }

  /** Sends a civilian vehicle on its next trip from where its route ended. */
  nextTrip(v: Vehicle): void {
    const graph = this.city.views.car.graph;
    const at = graph.edgeTo(v.edge);
    const route = this.tripFrom(this.city.views.car.inCore[at] ? at : this.pool[0]!);
    if (route.length > 0 && graph.edgeFrom(route[0]!) === at) assignRoute(v, this.traffic, route);
  }

  /** Leaves a vehicle standing at a node: on the end of one of its in-edges. */
  parkAtNode(v: Vehicle, node: number): void {
    const graph = this.city.views[v.profile].graph;
    const inbound = graph.inEdges(node);
    const edge = inbound[0] ?? graph.outEdges(node)[0]!;
    const pos = inbound.length > 0 ? graph.edgeLengthM(edge) : 0;
    assignRoute(v, this.traffic, [edge], pos, 0, pos);
    v.speedMps = 0;
  }

  nearestCoreNode(view: RoutingView, lon: number, lat: number): number {
    const { graph, inCore } = view;
    const match = this.city.index.nearest(lon, lat, 2000, (seg) => {
      const s = graph.network.segments[seg]!;
      return graph.edgeExists[seg * 2] === 1 && inCore[s.fromNode] === 1 && inCore[s.toNode] === 1;
    });
    if (!match) return view.core[0]!;
    const s = graph.network.segments[match.segmentId]!;
    return match.offsetM < s.lengthM / 2 ? s.fromNode : s.toNode;
  }

  private busLoops(count: number): Int32Array[] {
    const { core } = this.city.views.bus;
    const loops: Int32Array[] = [];
    for (let attempt = 0; loops.length < count && attempt < count * 10; attempt++) {
      const stops = [
        core[this.rng.int(core.length)]!,
        core[this.rng.int(core.length)]!,
        core[this.rng.int(core.length)]!,
      ];
      const edges: number[] = [];
      let ok = true;
      for (let i = 0; i < stops.length && ok; i++) {
        const leg = this.routers.bus.route(stops[i]!, stops[(i + 1) % stops.length]!);
        if (!leg || leg.edges.length === 0) ok = false;
        else edges.push(...leg.edges);
      }
      if (ok && edges.length >= 20) loops.push(Int32Array.from(edges));
    }
    return loops;
  }
}
