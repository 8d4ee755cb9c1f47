import type { TopicName } from '@city/contracts';
import { encodeRows } from './parquet-encode-core.mjs';
import { parquetFieldsFor } from './parquet-schema.js';

/** One raw event as archived: the event and where it came from. */
export interface ArchivedRow {
  readonly partition: number;
  readonly offset: string;
  readonly eventTime: number;
  readonly produceTime: number;
  readonly event: Readonly<Record<string, unknown>>;
}

/** Encodes rows of one topic to a Parquet file (in this thread or in a worker). */
export type ParquetEncoder = (
  topic: TopicName,
  rows: readonly ArchivedRow[],
  metadata?: Readonly<Record<string, string>>,
) => Promise<Buffer>;

/** Encodes rows of one topic as a Parquet file in memory, on the calling thread. */
export const encodeParquet: ParquetEncoder = (topic, rows, metadata = {}) =>
  encodeRows(topic, parquetFieldsFor(topic), rows, metadata);
