import { Writable } from 'node:stream';
import parquet, { type ParquetSchema } from 'parquetjs-lite';
import type { TopicName } from '@city/contracts';
import { parquetFieldsFor } from './parquet-schema.js';

/** One raw event as archived: the event and where it came from. */
export interface ArchivedRow {
  readonly partition: number;
  readonly offset: string;
  readonly eventTime: number;
  readonly produceTime: number;
  readonly event: Readonly<Record<string, unknown>>;
}

// CommonJS: named imports do not resolve under Node's ESM loader.
const { ParquetSchema: Schema, ParquetWriter } = parquet;

const schemas = new Map<TopicName, ParquetSchema>();

function schemaFor(topic: TopicName): ParquetSchema {
  let schema = schemas.get(topic);
  if (!schema) schemas.set(topic, (schema = new Schema(parquetFieldsFor(topic))));
  return schema;
}

function toRecord(row: ArchivedRow): Record<string, unknown> {
  const record: Record<string, unknown> = {
    _partition: row.partition,
    _offset: row.offset,
    _event_time_ms: row.eventTime,
    _produce_time_ms: row.produceTime,
  };
  for (const [k, v] of Object.entries(row.event)) if (v !== null && v !== undefined) record[k] = v;
  return record;
}

/** Encodes rows of one topic as a Parquet file in memory. */
export async function encodeParquet(
  topic: TopicName,
  rows: readonly ArchivedRow[],
  metadata: Readonly<Record<string, string>> = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const writer = await ParquetWriter.openStream(schemaFor(topic), sink, {
    rowGroupSize: 10_000,
  });
  for (const [k, v] of Object.entries(metadata)) writer.setMetadata(k, v);
  for (const row of rows) await writer.appendRow(toRecord(row));
  await writer.close();
  return Buffer.concat(chunks);
}
