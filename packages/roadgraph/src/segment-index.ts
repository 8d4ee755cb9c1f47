import { LocalProjection } from './geo.js';
import type { RoadNetwork } from './types.js';

export interface SegmentMatch {
  readonly segmentId: number;
  /** Distance from the query point to the segment polyline, metres. */
  readonly distanceM: number;
  /** Distance along the segment from its `fromNode` to the closest point, metres. */
  readonly offsetM: number;
  readonly lon: number;
  readonly lat: number;
}

/**
 * Uniform grid over the network for nearest-segment lookup (map matching). Each cell lists the
 * segments whose polyline pieces pass through it; queries scan rings of cells outwards.
 */
export class SegmentIndex {
  private readonly proj: LocalProjection;
  private readonly minX: number;
  private readonly minY: number;
  private readonly cols: number;
  private readonly rows: number;
  private readonly cellStart: Int32Array;
  private readonly cellItems: Int32Array;
  /** Projected vertices per segment: x,y interleaved. */
  private readonly xy: Float64Array[];
  /** Per segment, the query that last looked at it (no Set allocated per query). */
  private readonly seenBy: Uint32Array;
  private query = 0;

  constructor(
    readonly network: RoadNetwork,
    readonly cellSizeM = 100,
  ) {
    const segs = network.segments;
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (const n of network.nodes) {
      minLon = Math.min(minLon, n.lon);
      maxLon = Math.max(maxLon, n.lon);
      minLat = Math.min(minLat, n.lat);
      maxLat = Math.max(maxLat, n.lat);
    }
    for (const s of segs) {
      for (let i = 0; i < s.coords.length; i += 2) {
        minLon = Math.min(minLon, s.coords[i]!);
        maxLon = Math.max(maxLon, s.coords[i]!);
        minLat = Math.min(minLat, s.coords[i + 1]!);
        maxLat = Math.max(maxLat, s.coords[i + 1]!);
      }
    }
    this.proj = new LocalProjection({ lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 });
    this.minX = this.proj.x(minLon);
    this.minY = this.proj.y(minLat);
    this.cols = Math.max(1, Math.ceil((this.proj.x(maxLon) - this.minX) / cellSizeM) + 1);
    this.rows = Math.max(1, Math.ceil((this.proj.y(maxLat) - this.minY) / cellSizeM) + 1);
    this.xy = segs.map((s) => {
      const out = new Float64Array(s.coords.length);
      for (let i = 0; i < s.coords.length; i += 2) {
        out[i] = this.proj.x(s.coords[i]!);
        out[i + 1] = this.proj.y(s.coords[i + 1]!);
      }
      return out;
    });
    const buckets: number[][] = Array.from({ length: this.cols * this.rows }, () => []);
    segs.forEach((s, id) => {
      const xy = this.xy[id]!;
      const cells = new Set<number>();
      for (let i = 0; i + 3 < xy.length; i += 2) {
        // Cells of the piece's bounding box: a superset of those it crosses, cheap and exact enough.
        const c0 = this.col(Math.min(xy[i]!, xy[i + 2]!));
        const c1 = this.col(Math.max(xy[i]!, xy[i + 2]!));
        const r0 = this.row(Math.min(xy[i + 1]!, xy[i + 3]!));
        const r1 = this.row(Math.max(xy[i + 1]!, xy[i + 3]!));
        for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cells.add(r * this.cols + c);
      }
      for (const cell of cells) buckets[cell]!.push(s.id);
    });
    this.cellStart = new Int32Array(buckets.length + 1);
    buckets.forEach((b, i) => (this.cellStart[i + 1] = this.cellStart[i]! + b.length));
    this.cellItems = new Int32Array(this.cellStart[buckets.length]!);
    buckets.forEach((b, i) => this.cellItems.set(b, this.cellStart[i]!));
    this.seenBy = new Uint32Array(segs.length);
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.minX) / this.cellSizeM)));
  }

  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.minY) / this.cellSizeM)));
  }

  /** Distance (m) from a point to one segment's polyline. */
  distanceTo(segmentId: number, lon: number, lat: number): number {
    this.closestOn(segmentId, this.proj.x(lon), this.proj.y(lat));
    return Math.sqrt(this.closestD2);
  }

  // Result of the last closestOn (fields, not an object: it runs for every candidate segment).
  private closestD2 = 0;
  private closestOffset = 0;
  private closestX = 0;
  private closestY = 0;

  /** The closest point of a segment's polyline to a projected point. */
  private closestOn(id: number, px: number, py: number): void {
    const xy = this.xy[id]!;
    const cum = this.network.segments[id]!.cumLengthM;
    let bestD2 = Infinity;
    for (let i = 0; i + 3 < xy.length; i += 2) {
      const ax = xy[i]!;
      const ay = xy[i + 1]!;
      const dx = xy[i + 2]! - ax;
      const dy = xy[i + 3]! - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
      const qx = ax + t * dx;
      const qy = ay + t * dy;
      const d2 = (px - qx) ** 2 + (py - qy) ** 2;
      if (d2 < bestD2) {
        bestD2 = d2;
        const v = i / 2;
        this.closestOffset = cum[v]! + t * (cum[v + 1]! - cum[v]!);
        this.closestX = qx;
        this.closestY = qy;
      }
    }
    this.closestD2 = bestD2;
  }

  /**
   * Closest segment to a point within `maxDistanceM`, optionally restricted by `accept`;
   * null when none is that close.
   */
  nearest(
    lon: number,
    lat: number,
    maxDistanceM = 250,
    accept?: (segmentId: number) => boolean,
  ): SegmentMatch | null {
    const px = this.proj.x(lon);
    const py = this.proj.y(lat);
    const pc = Math.floor((px - this.minX) / this.cellSizeM);
    const pr = Math.floor((py - this.minY) / this.cellSizeM);
    let bestD2 = maxDistanceM * maxDistanceM;
    let best = -1;
    let bestOffset = 0;
    let bestX = 0;
    let bestY = 0;
    if (++this.query === 0xffffffff) {
      this.seenBy.fill(0);
      this.query = 1;
    }
    const query = this.query;
    const seenBy = this.seenBy;
    const maxRing = Math.ceil(maxDistanceM / this.cellSizeM) + 1;
    for (let ring = 0; ring <= maxRing; ring++) {
      // Any point in ring k is at least (k - 1) cells away: stop once that exceeds the best.
      const ringMin = Math.max(0, ring - 1) * this.cellSizeM;
      if (best >= 0 && ringMin * ringMin > bestD2) break;
      for (let r = pr - ring; r <= pr + ring; r++) {
        if (r < 0 || r >= this.rows) continue;
        for (let c = pc - ring; c <= pc + ring; c++) {
          if (c < 0 || c >= this.cols) continue;
          if (Math.max(Math.abs(r - pr), Math.abs(c - pc)) !== ring) continue;
          // Skip a cell whose nearest point is farther than the best match so far.
          const cx = this.minX + c * this.cellSizeM;
          const cy = this.minY + r * this.cellSizeM;
          const gx = px < cx ? cx - px : px > cx + this.cellSizeM ? px - cx - this.cellSizeM : 0;
          const gy = py < cy ? cy - py : py > cy + this.cellSizeM ? py - cy - this.cellSizeM : 0;
          if (gx * gx + gy * gy > bestD2) continue;
          const cell = r * this.cols + c;
          for (let k = this.cellStart[cell]!; k < this.cellStart[cell + 1]!; k++) {
            const id = this.cellItems[k]!;
            if (seenBy[id] === query) continue;
            seenBy[id] = query;
            if (accept && !accept(id)) continue;
            this.closestOn(id, px, py);
            const d2 = this.closestD2;
            // Equal distances (segments meeting at a node): the lower id, whatever the scan order.
            if (d2 < bestD2 || (d2 === bestD2 && id < best)) {
              bestD2 = d2;
              best = id;
              bestOffset = this.closestOffset;
              bestX = this.closestX;
              bestY = this.closestY;
            }
          }
        }
      }
    }
    if (best < 0) return null;
    return {
      segmentId: best,
      distanceM: Math.sqrt(bestD2),
      offsetM: bestOffset,
      lon: this.proj.lon(bestX),
      lat: this.proj.lat(bestY),
    };
  }
}
