import type { FeatureDiff, PointFeatureProps, PointRecord } from './feature-diff.js';
import { toFeature } from './feature-diff.js';

interface Track {
  fromLon: number;
  fromLat: number;
  toLon: number;
  toLat: number;
  start: number;
  duration: number;
  /** When the current target arrived: the next target's motion lasts as long as this gap. */
  targetAt: number;
  props: PointFeatureProps;
}

export interface VehicleMotionOptions {
  /** Shortest and longest motion between two reports (ms). */
  readonly minMs?: number;
  readonly maxMs?: number;
  /** false: jump to each new position (reduced motion). */
  readonly interpolate?: boolean;
}

/**
 * Smooth vehicle motion between position updates. `setTargets` takes the latest reported
 * positions; each vehicle that moved glides from where it is shown now to its new position over
 * the time since its previous report (so it arrives as the next report is due). `frame(now)`
 * returns ONE maplibre `updateData` diff: pending adds/removes/property changes plus the new
 * geometry of the vehicles still in motion, and nothing for vehicles standing still.
 */
export function createVehicleMotion(options: VehicleMotionOptions = {}) {
  const minMs = options.minMs ?? 200;
  const maxMs = options.maxMs ?? 2_500;
  const interpolate = options.interpolate ?? true;
  const tracks = new Map<string, Track>();
  const moving = new Set<string>();
  let pending: FeatureDiff = { add: [], update: [], remove: [] };

  const positionAt = (t: Track, now: number): [number, number] => {
    const f = t.duration <= 0 ? 1 : Math.min(1, Math.max(0, (now - t.start) / t.duration));
    return [t.fromLon + (t.toLon - t.fromLon) * f, t.fromLat + (t.toLat - t.fromLat) * f];
  };

  return {
    /** Vehicles currently gliding. */
    get moving(): number {
      return moving.size;
    },
    /** `glide` false: moved vehicles jump to their new position (the machine is too slow). */
    setTargets(next: ReadonlyMap<string, PointRecord>, now: number, glide = interpolate): void {
      for (const [id, r] of next) {
        const t = tracks.get(id);
        if (!t) {
          tracks.set(id, {
            fromLon: r.lon,
            fromLat: r.lat,
            toLon: r.lon,
            toLat: r.lat,
            start: now,
            duration: 0,
            targetAt: now,
            props: r.props,
          });
          pending.add.push(toFeature(id, r));
          continue;
        }
        const changed = Object.keys(r.props)
          .filter((key) => t.props[key] !== r.props[key])
          .map((key) => ({ key, value: r.props[key] }));
        if (changed.length) pending.update.push({ id, addOrUpdateProperties: changed });
        t.props = r.props;
        if (r.lon === t.toLon && r.lat === t.toLat) continue;
        const [lon, lat] = positionAt(t, now);
        t.fromLon = lon;
        t.fromLat = lat;
        t.toLon = r.lon;
        t.toLat = r.lat;
        t.start = now;
        t.duration = glide ? Math.min(maxMs, Math.max(minMs, now - t.targetAt)) : 0;
        t.targetAt = now;
        moving.add(id);
      }
      for (const id of tracks.keys()) {
        if (next.has(id)) continue;
        tracks.delete(id);
        moving.delete(id);
        pending.remove.push(id);
      }
    },
    /** Ends every motion: the next frame puts each vehicle at its target. */
    finish(): void {
      for (const id of moving) tracks.get(id)!.duration = 0;
    },
    /** The diff to apply at `now` (empty when nothing changed or moved). */
    frame(now: number): FeatureDiff {
      const diff = pending;
      pending = { add: [], update: [], remove: [] };
      for (const id of moving) {
        const t = tracks.get(id)!;
        const [lon, lat] = positionAt(t, now);
        // A jump (duration 0) ends in its first frame, even one stamped before the jump was set.
        if (t.duration <= 0 || now - t.start >= t.duration) moving.delete(id);
        diff.update.push({ id, newGeometry: { type: 'Point', coordinates: [lon, lat] } });
      }
      return diff;
    },
  };
}
export type VehicleMotion = ReturnType<typeof createVehicleMotion>;
