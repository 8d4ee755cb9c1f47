import type { EventOf } from '@city/contracts';
import type { RoadGraph } from '@city/roadgraph';
import type { Rng } from './rng.js';

const MAX_APPROACHES = 16;
/** Seconds a passing vehicle occupies a detection zone: (vehicle + zone length) / speed. */
const ZONE_PLUS_VEHICLE_M = 9.5;

interface Approach {
  readonly edge: number;
  readonly bearingDeg: number;
  count: number;
  speedSumKmh: number;
  occupiedS: number;
}

interface Camera {
  readonly id: string;
  readonly node: number;
  readonly lon: number;
  readonly lat: number;
  readonly approaches: Map<number, Approach>;
}

/**
 * Traffic cameras at signalised intersections. Counts come from the vehicles that really cross the
 * node (the movement hooks call `pass` and `queued`); `flush` emits one event per camera per interval.
 */
export class Cameras {
  readonly cameras: Camera[] = [];
  private readonly byNode = new Map<number, Camera>();

  constructor(graph: RoadGraph, signalNodes: readonly number[], count: number, rng: Rng) {
    const candidates = signalNodes.filter((n) => graph.inEdges(n).length >= 2);
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, candidates.length))
      chosen.add(candidates[rng.int(candidates.length)]!);
    for (const node of [...chosen].sort((a, b) => a - b)) {
      const n = graph.network.nodes[node]!;
      const approaches = new Map<number, Approach>();
      for (const edge of graph.inEdges(node).slice(0, MAX_APPROACHES)) {
        approaches.set(edge, {
          edge,
          bearingDeg: (Math.round(graph.arrivalBearingDeg(edge) * 10) / 10) % 360,
          count: 0,
          speedSumKmh: 0,
          occupiedS: 0,
        });
      }
      const camera: Camera = { id: `cam-${node}`, node, lon: n.lon, lat: n.lat, approaches };
      this.cameras.push(camera);
      this.byNode.set(node, camera);
    }
  }

  isCameraNode(node: number): boolean {
    return this.byNode.has(node);
  }

  pass(node: number, fromEdge: number, speedMps: number): void {
    const a = this.byNode.get(node)?.approaches.get(fromEdge);
    if (!a) return;
    a.count++;
    a.speedSumKmh += speedMps * 3.6;
    a.occupiedS += ZONE_PLUS_VEHICLE_M / Math.max(speedMps, 1);
  }

  queued(edge: number, node: number, dtS: number): void {
    const a = this.byNode.get(node)?.approaches.get(edge);
    if (a) a.occupiedS += dtS;
  }

  flush(
    intervalS: number,
    timestamp: string,
    newId: () => string,
    emit: (e: EventOf<'traffic_camera_data'>) => void,
  ): void {
    for (const c of this.cameras) {
      emit({
        schemaVersion: 1,
        eventId: newId(),
        timestamp,
        source: 'simulator',
        cameraId: c.id,
        nodeId: c.node,
        latitude: c.lat,
        longitude: c.lon,
        intervalSeconds: intervalS,
        approaches: [...c.approaches.values()].map((a) => ({
          segmentId: a.edge >> 1,
          bearingDeg: a.bearingDeg,
          vehicleCount: a.count,
          meanSpeedKmh: a.count > 0 ? Math.round((a.speedSumKmh / a.count) * 10) / 10 : null,
          occupancyPct: Math.min(100, Math.round((a.occupiedS / intervalS) * 1000) / 10),
        })),
        snapshotRef: `s3://city-camera-snapshots/${c.id}/${timestamp.replace(/[:.]/g, '-')}.jpg`,
      });
      for (const a of c.approaches.values()) {
        a.count = 0;
        a.speedSumKmh = 0;
        a.occupiedS = 0;
      }
    }
  }
}
