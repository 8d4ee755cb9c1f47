/**
 * Rebuilding what Redis lost. Redis keeps nothing on disk: after a restart the hot layer and the
 * partition checkpoints (stage state) are gone. Entities that report often (vehicles every second)
 * come back from the stream by themselves; what changes rarely (active incidents, units, health
 * alerts, zone memberships) would stay missing until its next event, so each domain can rebuild it
 * from PostgreSQL. The rebuild reads through an injected query function and returns plain writes
 * and state: it does no Redis I/O itself (the runtime writes what it returns).
 */
import type { TopicName } from '@city/contracts';
import type { HotWrite } from './types.js';

/** Runs one parameterised SQL query ($1, $2, ...) and returns its rows. */
export type SqlQuery = <T = Record<string, unknown>>(
  sql: string,
  ...params: unknown[]
) => Promise<T[]>;

export interface RebuildContext {
  readonly query: SqlQuery;
  /** Processing time (ms since epoch). */
  readonly now: number;
}

export interface PartitionRebuildContext extends RebuildContext {
  readonly topic: TopicName;
  readonly partition: number;
  /** Whether producers send this entity key (the topic's key field) to this partition. */
  owns(key: string): boolean;
}

export interface DomainRebuild<S> {
  /** Hot keys the stream would not bring back soon enough, from the durable state. */
  hot(ctx: RebuildContext): Promise<HotWrite[]>;
  /**
   * Stage state of a partition whose checkpoint is missing, from the durable state (only the
   * entities the partition owns); undefined = start from an empty state.
   */
  state?(ctx: PartitionRebuildContext): Promise<S | undefined>;
}
