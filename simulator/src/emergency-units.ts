import type { DispatchCommand, EventOf } from '@city/contracts';
import type { City } from './city.js';
import type { Fleet } from './fleet.js';
import { assignRoute } from './movement.js';
import type { Rng } from './rng.js';
import type { Traffic } from './traffic.js';
import type { Vehicle } from './vehicle.js';

export type UnitStatus = EventOf<'emergency_unit_status'>['status'];
export type UnitType = EventOf<'emergency_unit_status'>['unitType'];

interface Assignment {
  readonly incidentId: string;
  readonly commandId: string;
  stage: 'en_route' | 'on_scene' | 'clearing' | 'returning';
  untilS: number;
}

export interface StatusReport {
  readonly unit: Vehicle;
  readonly status: UnitStatus;
  readonly incidentId: string | null;
  readonly commandId: string | null;
}

const CLEARING_S = 180;

/**
 * The closed loop: a dispatch command sends the unit along the road graph to the incident with
 * sirens; it reports en_route, on_scene, clearing, returning and available (back at base).
 */
export class EmergencyUnits {
  readonly byId = new Map<string, Vehicle>();
  readonly assignments = new Map<string, Assignment>();
  readonly reports: StatusReport[] = [];

  constructor(
    private readonly city: City,
    private readonly fleet: Fleet,
    private readonly traffic: Traffic,
    private readonly rng: Rng,
    private readonly sceneTimeS: (unit: Vehicle) => number = () => rng.range(8, 20) * 60,
  ) {
    for (const u of fleet.units) {
      this.byId.set(u.id, u);
      u.dwellUntilS = Infinity;
    }
  }

  private report(unit: Vehicle, status: UnitStatus, a?: Assignment): void {
    this.reports.push({
      unit,
      status,
      incidentId: a?.incidentId ?? null,
      commandId: a?.commandId ?? null,
    });
  }

  /** Everyone announces themselves at start so the platform knows its units. */
  announceAll(): void {
    for (const u of this.fleet.units) this.report(u, 'available');
  }

  /** Drives `unit` from where it is to `targetEdge` at `stopAtM`; false when unreachable. */
  private driveTo(unit: Vehicle, to: number, targetEdge: number | null, stopAtM: number): boolean {
    const { graph } = this.city.views.emergency;
    const from = graph.edgeTo(unit.edge);
    const path = this.fleet.routers.emergency.route(from, to);
    if (!path) return false;
    const route = [unit.edge, ...path.edges];
    if (targetEdge !== null) route.push(targetEdge);
    assignRoute(unit, this.traffic, route, stopAtM, 0, unit.pos);
    unit.dwellUntilS = 0;
    return true;
  }

  dispatch(command: DispatchCommand): boolean {
    const unit = this.byId.get(command.unitId);
    if (!unit) return false;
    const view = this.city.views.emergency;
    const { graph, inCore } = view;
    const match = this.city.index.nearest(command.longitude, command.latitude, 3000, (seg) => {
      const s = graph.network.segments[seg]!;
      return graph.edgeExists[seg * 2] === 1 && inCore[s.fromNode] === 1 && inCore[s.toNode] === 1;
    });
    if (!match) return false;
    const targetEdge = match.segmentId * 2;
    if (!this.driveTo(unit, graph.edgeFrom(targetEdge), targetEdge, match.offsetM)) return false;
    unit.mode = 'responding';
    unit.sirens = true;
    const a: Assignment = {
      incidentId: command.incidentId,
      commandId: command.commandId,
      stage: 'en_route',
      untilS: Infinity,
    };
    this.assignments.set(unit.id, a);
    this.report(unit, 'en_route', a);
    return true;
  }

  /** Called when a unit reaches the end of its route. */
  arrive(unit: Vehicle, nowS: number): void {
    const a = this.assignments.get(unit.id);
    unit.speedMps = 0;
    unit.sirens = false;
    if (a?.stage === 'en_route') {
      a.stage = 'on_scene';
      a.untilS = nowS + this.sceneTimeS(unit);
      unit.mode = 'on_scene';
      unit.dwellUntilS = Infinity;
      this.report(unit, 'on_scene', a);
    } else if (a?.stage === 'returning' || !a) {
      this.assignments.delete(unit.id);
      unit.mode = 'parked';
      unit.dwellUntilS = Infinity;
      if (a) this.report(unit, 'available', a);
    }
  }

  /** Advances timed stages; returns incidents cleared by a unit now. */
  update(nowS: number): string[] {
    const cleared: string[] = [];
    for (const [id, a] of this.assignments) {
      if (a.untilS > nowS) continue;
      const unit = this.byId.get(id)!;
      if (a.stage === 'on_scene') {
        a.stage = 'clearing';
        a.untilS = nowS + CLEARING_S;
        this.report(unit, 'clearing', a);
        cleared.push(a.incidentId);
      } else if (a.stage === 'clearing') {
        a.stage = 'returning';
        a.untilS = Infinity;
        unit.mode = 'returning';
        if (!this.driveTo(unit, unit.baseNode!, null, Infinity)) {
          this.fleet.parkAtNode(unit, unit.baseNode!);
        }
        this.report(unit, 'returning', a);
      }
    }
    return cleared;
  }

  drain(): StatusReport[] {
    return this.reports.splice(0, this.reports.length);
  }

  handledIncidents(): Set<string> {
    return new Set([...this.assignments.values()].map((a) => a.incidentId));
  }
}
