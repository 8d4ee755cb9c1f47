import { MINUTE_MS, samplesAt } from '@city/subgraph-kit';

/** The part of PrismaClient this needs. */
export interface RawQuery {
  $queryRawUnsafe<T = unknown>(sql: string, ...params: unknown[]): Promise<T>;
}

export interface VehicleHistory {
  /** Active vehicles at each instant (sum over partitions); null where no partition sampled. */
  activeVehiclesAt(instants: readonly number[]): Promise<(number | null)[]>;
}

/** A partition's sample is carried over at most this long (its minute had no batch). */
const CARRY_MS = 2 * MINUTE_MS;

/** Reads the processor's per-partition samples (`vehicle_count_minutes`) from PostgreSQL. */
export function createVehicleHistory(db: RawQuery): VehicleHistory {
  return {
    async activeVehiclesAt(instants) {
      if (instants.length === 0) return [];
      const rows = await db.$queryRawUnsafe<
        { minute: Date; partition: number; active_vehicles: number }[]
      >(
        `SELECT minute, partition, active_vehicles FROM vehicle_count_minutes
          WHERE minute >= $1::timestamptz AND minute <= $2::timestamptz`,
        new Date(Math.min(...instants) - CARRY_MS).toISOString(),
        new Date(Math.max(...instants)).toISOString(),
      );
      const samples = rows.map((r) => ({
        minute: r.minute.getTime(),
        partition: r.partition,
        active: r.active_vehicles,
      }));
      return samplesAt(instants, samples, CARRY_MS).map((list) =>
        list.length === 0 ? null : list.reduce((n, s) => n + s.active, 0),
      );
    },
  };
}
