import type { EventOf } from '@city/contracts';
import type { City } from './city.js';
import type { Rng } from './rng.js';
import type { Traffic } from './traffic.js';

export type IncidentType = EventOf<'emergency_incident_data'>['type'];
type Details = EventOf<'emergency_incident_data'>['details'];

export interface ActiveIncident {
  readonly id: string;
  readonly type: IncidentType;
  readonly segmentId: number;
  readonly lon: number;
  readonly lat: number;
  readonly details: Details;
  readonly description: string;
  /** Simulated second the incident clears by itself if nobody comes (accidents get towed...). */
  readonly expiresS: number;
  readonly slowFactor: number;
}

const TYPE_WEIGHTS: Readonly<Record<IncidentType, number>> = {
  medical: 35,
  accident: 20,
  crime: 20,
  breakdown: 12,
  fire: 10,
  hazmat: 3,
};

/**
 * Poisson process of incidents on the road network. Accidents and breakdowns slow their segment
 * (both directions for accidents) until they clear, so traffic analytics can detect them.
 */
export class Incidents {
  readonly active = new Map<string, ActiveIncident>();
  private nextS: number;
  private seq = 0;

  constructor(
    private readonly city: City,
    private readonly traffic: Traffic,
    private readonly rng: Rng,
    private readonly perHour: number,
    startS: number,
  ) {
    this.nextS = perHour > 0 ? startS + rng.exponential(3600 / perHour) : Infinity;
  }

  details(type: IncidentType): { details: Details; description: string; slowFactor: number } {
    const r = this.rng;
    switch (type) {
      case 'accident': {
        const vehiclesInvolved = 1 + r.int(4);
        const injuries = r.chance(0.5) ? r.int(vehiclesInvolved * 2) : 0;
        const lanesBlocked = 1 + r.int(2);
        return {
          details: {
            vehiclesInvolved,
            injuries,
            fatalities: r.chance(0.03) ? 1 : 0,
            peopleTrapped: r.chance(0.1) ? 1 : 0,
            lanesBlocked,
          },
          description: `Collision involving ${vehiclesInvolved} vehicle(s), ${lanesBlocked} lane(s) blocked`,
          slowFactor: lanesBlocked >= 2 ? 0.15 : 0.35,
        };
      }
      case 'fire': {
        const buildingType = r.pick([
          'residential',
          'commercial',
          'industrial',
          'high_rise',
          'school',
          'vehicle',
          'outdoor',
        ] as const);
        return {
          details: {
            buildingType,
            peopleTrapped: r.chance(0.15) ? 1 + r.int(4) : 0,
            injuries: r.int(3),
            hazardousMaterial: r.chance(0.05),
          },
          description: `Smoke and flames reported, ${buildingType.replace('_', '-')} building`,
          slowFactor: 0.6,
        };
      }
      case 'medical':
        return {
          details: { injuries: 1, patientConscious: r.chance(0.75) },
          description: r.pick([
            'Person collapsed on sidewalk',
            'Difficulty breathing',
            'Fall with head injury',
            'Chest pain',
          ]),
          slowFactor: 1,
        };
      case 'crime': {
        const weaponsReported = r.chance(0.2);
        return {
          details: { weaponsReported, injuries: weaponsReported && r.chance(0.3) ? 1 : 0 },
          description: r.pick([
            'Robbery in progress',
            'Vehicle break-in',
            'Assault reported',
            'Burglary alarm',
          ]),
          slowFactor: 1,
        };
      }
      case 'hazmat':
        return {
          details: {
            hazardousMaterial: true,
            buildingType: r.pick(['industrial', 'commercial', 'vehicle', 'outdoor'] as const),
            injuries: r.int(2),
            lanesBlocked: 1 + r.int(2),
          },
          description: r.pick([
            'Chemical odour, leaking drum',
            'Fuel spill on roadway',
            'Gas leak reported',
          ]),
          slowFactor: 0.25,
        };
      case 'breakdown':
        return {
          details: { vehiclesInvolved: 1, lanesBlocked: 1, injuries: 0 },
          description: 'Stalled vehicle blocking a lane',
          slowFactor: 0.6,
        };
    }
  }

  /** Creates incidents due by `nowS`; returns the new ones (the simulation emits them). */
  spawn(nowS: number, newId: () => string): ActiveIncident[] {
    const created: ActiveIncident[] = [];
    while (this.nextS <= nowS) {
      this.nextS += this.rng.exponential(3600 / this.perHour);
      const type = this.rng.weighted(TYPE_WEIGHTS);
      const { graph, core } = this.city.views.car;
      const node = core[this.rng.int(core.length)]!;
      const out = graph.outEdges(node);
      if (out.length === 0) continue;
      const edge = out[this.rng.int(out.length)]!;
      const p = graph.pointAt(edge, this.rng.next() * graph.edgeLengthM(edge));
      const d = this.details(type);
      const incident: ActiveIncident = {
        id: `inc-${String(++this.seq).padStart(6, '0')}-${newId().slice(0, 8)}`,
        type,
        segmentId: edge >> 1,
        lon: p.lon,
        lat: p.lat,
        details: d.details,
        description: d.description,
        expiresS: nowS + this.rng.range(20, 60) * 60,
        slowFactor: d.slowFactor,
      };
      this.active.set(incident.id, incident);
      this.setSlow(incident, incident.slowFactor);
      created.push(incident);
    }
    return created;
  }

  private setSlow(incident: ActiveIncident, factor: number): void {
    const e = incident.segmentId * 2;
    this.traffic.incidentFactor[e] = factor;
    this.traffic.incidentFactor[e + 1] = factor;
  }

  /** Ends an incident (cleared by a unit or expired); returns it if it was active. */
  resolve(id: string): ActiveIncident | undefined {
    const incident = this.active.get(id);
    if (!incident) return undefined;
    this.active.delete(id);
    this.setSlow(incident, 1);
    return incident;
  }

  expired(nowS: number, handled: ReadonlySet<string>): ActiveIncident[] {
    return [...this.active.values()].filter((i) => i.expiresS <= nowS && !handled.has(i.id));
  }
}
