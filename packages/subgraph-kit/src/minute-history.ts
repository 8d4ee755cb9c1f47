import { badUserInput } from './errors.js';

export const MINUTE_MS = 60_000;
/** The longest history `CitySummary.history` serves. */
export const MAX_HISTORY_MINUTES = 180;

/**
 * The instants of a minute-by-minute history: the `minutes` whole minutes up to and including
 * the current one, oldest first. Throws BAD_USER_INPUT (field `field`) outside 1-180.
 */
export function historyInstants(field: string, minutes: number, now = Date.now()): number[] {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_HISTORY_MINUTES)
    throw badUserInput(field, `must be between 1 and ${MAX_HISTORY_MINUTES}`);
  const last = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  return Array.from({ length: minutes }, (_v, i) => last - (minutes - 1 - i) * MINUTE_MS);
}

/** A per-minute sample of one input partition, as the processor writes them. */
export interface PartitionSample {
  /** Minute of the sample (ms). */
  readonly minute: number;
  readonly partition: number;
}

/**
 * For each instant, the newest sample of every partition taken at or before it and at most
 * `carryMs` earlier (a partition whose minute had no batch keeps its previous sample for a
 * while); partitions without such a sample are left out. Samples may come in any order.
 */
export function samplesAt<T extends PartitionSample>(
  instants: readonly number[],
  samples: readonly T[],
  carryMs = 2 * MINUTE_MS,
): T[][] {
  const byPartition = new Map<number, T[]>();
  for (const s of samples) {
    const list = byPartition.get(s.partition);
    if (list) list.push(s);
    else byPartition.set(s.partition, [s]);
  }
  for (const list of byPartition.values()) list.sort((a, b) => a.minute - b.minute);
  return instants.map((at) => {
    const out: T[] = [];
    for (const list of byPartition.values()) {
      let newest: T | undefined;
      for (const s of list) {
        if (s.minute > at) break;
        newest = s;
      }
      if (newest && at - newest.minute <= carryMs) out.push(newest);
    }
    return out;
  });
}

/** An instant of a `CitySummaryMinute` key (`at`), or null when it is not a valid DateTime. */
export function parseInstant(at: unknown): number | null {
  if (typeof at !== 'string') return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : ms;
}
