import type { Redis } from 'ioredis';
import type { SilentTile, SubscriberPool } from '../load/subscribers.js';

type Box = SilentTile['box'];

/** Vehicles in the hot layer's geo index within a box (-1 when Redis cannot answer). */
export async function vehiclesInBox(redis: Redis, geoKey: string, box: Box): Promise<number> {
  try {
    const lat = (box.minLat + box.maxLat) / 2;
    const heightM = (box.maxLat - box.minLat) * 111_320;
    const widthM = (box.maxLon - box.minLon) * 111_320 * Math.cos((lat * Math.PI) / 180);
    const ids = (await redis.call(
      'GEOSEARCH',
      geoKey,
      'FROMLONLAT',
      String((box.minLon + box.maxLon) / 2),
      String(lat),
      'BYBOX',
      String(widthM),
      String(heightM),
      'm',
    )) as unknown[];
    return ids.length;
  } catch {
    return -1;
  }
}

export interface ReceivingAgain {
  /** Viewport subscribers of the group that received a frame after the repair. */
  readonly receiving: number;
  /** Silent ones whose tile has no vehicle in the hot layer: nothing to send them. */
  readonly excusedEmptyTile: number;
  readonly of: number;
  /** Tiles with silent subscribers, and the vehicles the hot geo index has in each now. */
  readonly silent: readonly (SilentTile & { readonly vehicles: number })[];
}

/** Everyone received again, or has a tile the fleet has left (a subscriber of an empty viewport). */
export const allReceiving = (r: ReceivingAgain): boolean =>
  r.receiving + r.excusedEmptyTile === r.of;

/**
 * Of `group` (viewport subscribers that received just before a fault), those receiving again
 * since `since`. A viewport the fleet has left is silent for a good reason, so a silent subscriber
 * whose tile the hot geo index shows empty is excused; one whose tile has vehicles is not (an
 * upstream subscription lost, or a stalled pipeline).
 */
export async function receivingAgain(
  pool: SubscriberPool,
  group: ReadonlySet<object>,
  since: number,
  redis: Redis,
  geoKey: string,
): Promise<ReceivingAgain> {
  const r = pool.receivingSince(group, since);
  const silent = await Promise.all(
    r.silent.map(async (t) => ({ ...t, vehicles: await vehiclesInBox(redis, geoKey, t.box) })),
  );
  const excusedEmptyTile = silent
    .filter((t) => t.vehicles === 0)
    .reduce((n, t) => n + t.subscribers, 0);
  return { receiving: r.receiving, excusedEmptyTile, of: r.of, silent };
}
