import { BinaryHeap } from './binary-heap.js';
import { haversineM } from './geo.js';
import type { RoadGraph } from './road-graph.js';

export interface Route {
  /** Directed edges from the origin to the destination, in order. Empty when origin = destination. */
  readonly edges: number[];
  readonly travelTimeS: number;
  readonly lengthM: number;
}

/** Extra cost per edge (seconds), e.g. to avoid a blocked segment; Infinity forbids the edge. */
export type EdgePenalty = (edge: number) => number;

/**
 * A* over travel time with a haversine / max-speed heuristic (admissible, so routes are optimal).
 * One Router reuses its arrays across queries: create one per graph and call `route` many times.
 */
export class Router {
  private readonly dist: Float64Array;
  private readonly prevEdge: Int32Array;
  private readonly stamp: Uint32Array;
  private readonly closed: Uint32Array;
  private generation = 0;
  private readonly heap = new BinaryHeap(4096);

  constructor(readonly graph: RoadGraph) {
    this.dist = new Float64Array(graph.nodeCount);
    this.prevEdge = new Int32Array(graph.nodeCount);
    this.stamp = new Uint32Array(graph.nodeCount);
    this.closed = new Uint32Array(graph.nodeCount);
  }

  route(from: number, to: number, penalty?: EdgePenalty): Route | null {
    const g = this.graph;
    const nodes = g.network.nodes;
    const target = nodes[to];
    if (!target || !nodes[from]) return null;
    const gen = ++this.generation;
    const { dist, prevEdge, stamp, closed, heap } = this;
    const invSpeed = 1 / g.maxSpeedMps;
    const h = (n: number) =>
      haversineM(nodes[n]!.lon, nodes[n]!.lat, target.lon, target.lat) * invSpeed;
    heap.clear();
    stamp[from] = gen;
    dist[from] = 0;
    prevEdge[from] = -1;
    heap.push(from, h(from));
    while (heap.size > 0) {
      const u = heap.pop();
      if (closed[u] === gen) continue;
      closed[u] = gen;
      if (u === to) break;
      const du = dist[u]!;
      for (const e of g.outEdges(u)) {
        let w = g.edgeTravelTimeS[e]!;
        if (penalty) {
          w += penalty(e);
          if (w === Infinity) continue;
        }
        const v = g.edgeTo(e);
        const dv = du + w;
        if (stamp[v] !== gen || dv < dist[v]!) {
          stamp[v] = gen;
          dist[v] = dv;
          prevEdge[v] = e;
          heap.push(v, dv + h(v));
        }
      }
    }
    if (closed[to] !== gen) return null;
    const edges: number[] = [];
    let lengthM = 0;
    for (let n = to; n !== from;) {
      const e = prevEdge[n]!;
      edges.push(e);
      lengthM += g.edgeLengthM(e);
      n = g.edgeFrom(e);
    }
    edges.reverse();
    return { edges, travelTimeS: dist[to]!, lengthM };
  }
}

export interface ShortestPathTree {
  readonly origin: number;
  /** Edge that reaches each node on its fastest path from the origin; -1 for the origin and unreachable nodes. */
  readonly prevEdge: Int32Array;
  /** Travel time from the origin in seconds; Infinity when unreachable. */
  readonly timeS: Float64Array;
}

/**
 * Fastest paths from one origin to every node (Dijkstra). When many trips share few origins, one
 * tree per origin replaces thousands of point-to-point searches: `pathInTree` is a pointer walk.
 */
export function shortestPathTree(graph: RoadGraph, origin: number): ShortestPathTree {
  const timeS = new Float64Array(graph.nodeCount).fill(Infinity);
  const prevEdge = new Int32Array(graph.nodeCount).fill(-1);
  const heap = new BinaryHeap(4096);
  timeS[origin] = 0;
  heap.push(origin, 0);
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    if (key > timeS[u]!) continue;
    for (const e of graph.outEdges(u)) {
      const v = graph.edgeTo(e);
      const t = key + graph.edgeTravelTimeS[e]!;
      if (t < timeS[v]!) {
        timeS[v] = t;
        prevEdge[v] = e;
        heap.push(v, t);
      }
    }
  }
  return { origin, prevEdge, timeS };
}

/** Edges of the fastest path from the tree's origin to `to`; null when unreachable. */
export function pathInTree(graph: RoadGraph, tree: ShortestPathTree, to: number): number[] | null {
  if (tree.timeS[to] === Infinity) return null;
  const edges: number[] = [];
  for (let n = to; n !== tree.origin;) {
    const e = tree.prevEdge[n]!;
    edges.push(e);
    n = graph.edgeFrom(e);
  }
  return edges.reverse();
}

/** One-off convenience; use a Router when routing repeatedly. */
export function shortestPath(graph: RoadGraph, from: number, to: number): Route | null {
  return new Router(graph).route(from, to);
}
