/**
 * The contract between the processor runtime and the domain pipelines.
 *
 * A domain stage is pure logic: `apply(event, state, ctx) -> Writes`. It never touches Kafka,
 * Redis, PostgreSQL or S3; the runtime turns its Writes into pipelined Redis commands, bulk
 * idempotent upserts, change-feed messages and Kafka produces, and commits offsets only after all
 * of them succeeded. The batch layer (Parquet) receives every valid input event without the stage
 * asking for it.
 */
import type { EventOf, TopicName } from '@city/contracts';
import type { DomainRebuild } from './rebuild.js';

export type DomainName = 'vehicles' | 'traffic' | 'environment' | 'emergencies';

/** A validated (and, for legacy shapes, normalised) event with its Kafka coordinates. */
export interface InputEvent<T extends TopicName = TopicName> {
  readonly topic: T;
  readonly event: EventOf<T>;
  readonly partition: number;
  /** Kafka offset as a decimal string. */
  readonly offset: string;
  /** Kafka message timestamp (ms since epoch): the produce time, for end-to-end latency. */
  readonly produceTime: number;
}

export interface StageContext {
  /** Processing time (ms since epoch) from the injected clock. */
  readonly now: number;
  /**
   * Event-time watermark of this partition (ms): the largest event time seen minus the allowed
   * lateness. Windows ending at or before it are final; events older than it are late.
   */
  readonly watermark: number;
}

/** Redis hot-state operations; keys are relative (the sink adds REDIS_KEY_PREFIX). */
export type HotWrite =
  | {
      readonly op: 'hset';
      readonly key: string;
      readonly fields: Readonly<Record<string, string | number>>;
      readonly ttlSeconds?: number;
    }
  | {
      readonly op: 'geoadd';
      readonly key: string;
      readonly member: string;
      readonly longitude: number;
      readonly latitude: number;
    }
  | { readonly op: 'zadd'; readonly key: string; readonly member: string; readonly score: number }
  | { readonly op: 'zrem'; readonly key: string; readonly member: string }
  | { readonly op: 'sadd'; readonly key: string; readonly member: string }
  | { readonly op: 'srem'; readonly key: string; readonly member: string }
  | {
      readonly op: 'set';
      readonly key: string;
      readonly value: string;
      readonly ttlSeconds?: number;
    }
  | { readonly op: 'del'; readonly key: string };

/**
 * A durable row, upserted idempotently by the table's natural key (event id, window key, entity
 * id). Re-applying the same write leaves the same row.
 */
export interface DurableWrite {
  readonly table: string;
  readonly row: Readonly<Record<string, unknown>>;
  /**
   * Insert the row only if none has its key (`ON CONFLICT DO NOTHING`), before the table's other
   * rows: a parent row a child needs, which must never replace the stored one.
   */
  readonly ifAbsent?: boolean;
}

/**
 * How the PostgreSQL sink upserts rows of one table: `INSERT ... ON CONFLICT (key) DO UPDATE`.
 * With `newerBy`, an existing row is only replaced by a row whose `newerBy` column is greater or
 * equal (out-of-order events never overwrite newer state). Column names are the SQL (snake_case)
 * names of the Prisma model's @map; their types come from the database's catalog.
 */
export interface DurableTableSpec {
  readonly table: string;
  readonly key: readonly string[];
  readonly columns: readonly string[];
  readonly newerBy?: string;
}

/** One change-feed message: which entity changed and which fields, for subscriptions. */
export interface Change {
  readonly domain: DomainName;
  /** Entity type, e.g. 'Vehicle', 'RoadSegment', 'Incident', 'AirQualityStation', 'HealthAlert'. */
  readonly entity: string;
  readonly id: string;
  readonly fields: readonly string[];
  /** Optional snapshot of the changed fields, so subscribers need no read-back for hot paths. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Produce time of the input event that caused the change (for produce -> feed latency). */
  readonly produceTime: number;
}

/** A derived event the stage emits to Kafka (validated against the contracts when produced). */
export interface Emit<T extends TopicName = TopicName> {
  readonly topic: T;
  readonly event: EventOf<T>;
}

export interface Writes {
  readonly hot: HotWrite[];
  readonly durable: DurableWrite[];
  readonly changes: Change[];
  readonly emits: Emit[];
  /** Counters for metrics, e.g. { late_events: 1, speeding: 2 }. */
  readonly counters: Record<string, number>;
}

export function emptyWrites(): Writes {
  return { hot: [], durable: [], changes: [], emits: [], counters: {} };
}

/**
 * A domain pipeline. State is per input partition and owned by the runtime, which checkpoints it
 * together with the partition's offset so a restart neither loses nor double-counts aggregates.
 */
export interface DomainStage<S> {
  readonly domain: DomainName;
  readonly topics: readonly TopicName[];
  /** Tables this stage writes through DurableWrite (each must exist in prisma/schema.prisma). */
  readonly tables: readonly DurableTableSpec[];
  createState(): S;
  /** Applies one event. May mutate `state`; must not perform I/O or read the wall clock. */
  apply(input: InputEvent, state: S, ctx: StageContext): Writes;
  /** Called after each batch of a partition: close windows up to the watermark, expire entities. */
  flush?(state: S, ctx: StageContext): Writes;
  /** JSON-safe snapshot of the state for the checkpoint, and its inverse. */
  snapshot(state: S): unknown;
  restore(snapshot: unknown): S;
  /** Rebuilds the hot layer and lost state from PostgreSQL after Redis lost its data. */
  readonly rebuild?: DomainRebuild<S>;
  /**
   * Live readers need only the change feed's data and Redis: the batch's changes are published
   * as soon as its hot writes are in, while PostgreSQL and Kafka are still being written (lower
   * latency). Otherwise (readers load the entity from PostgreSQL) the feed follows every sink.
   */
  readonly feedAfterHotWrites?: boolean;
}
