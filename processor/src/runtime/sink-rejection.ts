import { ValidationError } from '@city/errors';
import { isTransient } from './retry.js';

/** Why a sink refused a write for good: what a `sink_rejected` dead letter carries. */
export interface SinkRejection {
  /** The sink that refused: postgres, redis or kafka. */
  readonly sink: string;
  /** The store's error code (SQLSTATE, Kafka error type), when it gives one. */
  readonly code?: string;
  readonly message: string;
}

/** Sinks whose writes come from individual events, so a refusal can be pinned on one. */
const PER_EVENT_SINKS = new Set(['postgres', 'redis', 'kafka']);

const failedSinks = new WeakMap<object, string>();

/** Remembers which sink an error came from (runSink tags what it rethrows). */
export function tagSink(error: unknown, sink: string): void {
  if (typeof error === 'object' && error !== null && !failedSinks.has(error))
    failedSinks.set(error, sink);
}

export function sinkOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? failedSinks.get(error) : undefined;
}

interface Coded {
  code?: unknown;
  originalCode?: unknown;
  originalMessage?: unknown;
  message?: unknown;
  type?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/** The error and what it wraps: `cause` chains and Prisma's `meta.driverAdapterError`. */
function* chain(error: unknown): Generator<Coded> {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
    const e = current as Coded;
    yield e;
    current = e.meta?.driverAdapterError ?? e.cause;
  }
}

/** SQLSTATE classes of data that can never be stored: data exceptions, integrity violations. */
const DATA_SQLSTATE = /^(22|23)[0-9A-Z]{3}$/;

function postgresRejection(error: unknown): SinkRejection | undefined {
  for (const e of chain(error)) {
    for (const c of [e.originalCode, e.code]) {
      if (typeof c === 'string' && DATA_SQLSTATE.test(c)) {
        const message = [e.originalMessage, e.message].find((m) => typeof m === 'string');
        return { sink: 'postgres', code: c, message: (message as string | undefined) ?? c };
      }
    }
  }
  return undefined;
}

/** Redis errors that concern the whole server, not the data of a command. */
const REDIS_SYSTEMIC =
  /^(OOM|READONLY|LOADING|MASTERDOWN|NOAUTH|NOPERM|WRONGPASS|CLUSTERDOWN|BUSY|TRYAGAIN|MOVED|ASK|NOSCRIPT|MISCONF)|max number of clients/;

function redisRejection(error: unknown): SinkRejection | undefined {
  const e = error as Coded & { name?: unknown };
  // ioredis' ReplyError: the server refused a command (invalid coordinates, not a float, wrong type).
  if (e.name !== 'ReplyError' || typeof e.message !== 'string') return undefined;
  if (REDIS_SYSTEMIC.test(e.message)) return undefined;
  return { sink: 'redis', code: e.message.split(' ', 1)[0], message: e.message };
}

/** Kafka refusals of a record itself (size, format), not of the cluster or the client. */
const KAFKA_RECORD_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
]);

function kafkaRejection(error: unknown): SinkRejection | undefined {
  for (const e of chain(error)) {
    if (e instanceof ValidationError) return { sink: 'kafka', code: e.code, message: e.message };
    if (typeof e.type === 'string' && KAFKA_RECORD_ERRORS.has(e.type))
      return { sink: 'kafka', code: e.type, message: String(e.message ?? e.type) };
  }
  return undefined;
}

/**
 * Whether a batch's failure is a sink refusing some event's data for good, and what to tell the
 * DLQ: a non-transient error of a per-event sink (PostgreSQL, Redis hot writes, Kafka emits) that
 * the store attributes to the data (SQLSTATE 22xxx/23xxx, a Redis reply error, a Kafka record
 * error). Anything else (transient, a missing table, the checkpoint, S3, the commit) could fail
 * every event alike: splitting the batch would dead-letter good events, so it is not isolated.
 */
export function sinkRejectionOf(error: unknown): SinkRejection | undefined {
  const sink = sinkOf(error);
  if (sink === undefined || !PER_EVENT_SINKS.has(sink) || isTransient(error)) return undefined;
  if (sink === 'postgres') return postgresRejection(error);
  if (sink === 'redis') return redisRejection(error);
  return kafkaRejection(error);
}
