import type { FieldDefinition } from 'parquetjs-lite';

export interface EncodableRow {
  readonly partition: number;
  readonly offset: string;
  readonly eventTime: number;
  readonly produceTime: number;
  readonly event: Readonly<Record<string, unknown>>;
}

/** Encodes rows of one topic (schema `fields`, cached by topic) as a Parquet file in memory. */
export function encodeRows(
  topic: string,
  fields: Record<string, FieldDefinition>,
  rows: readonly EncodableRow[],
  metadata: Readonly<Record<string, string>>,
): Promise<Buffer>;

/** The reference encoder: every row through parquetjs-lite's own `appendRow`. */
export function encodeRowsByRow(
  topic: string,
  fields: Record<string, FieldDefinition>,
  rows: readonly EncodableRow[],
  metadata: Readonly<Record<string, string>>,
): Promise<Buffer>;
