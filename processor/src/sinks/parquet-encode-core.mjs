// Plain JavaScript on purpose: the Parquet worker thread loads it without a TypeScript loader
// (tsx is not registered inside vitest's or a production Node's worker threads). Types:
// parquet-encode-core.d.mts.
import { Writable } from 'node:stream';
import parquet from 'parquetjs-lite';

const schemas = new Map();

function schemaFor(topic, fields) {
  let schema = schemas.get(topic);
  if (!schema) schemas.set(topic, (schema = new parquet.ParquetSchema(fields)));
  return schema;
}

function toRecord(row) {
  const record = {
    _partition: row.partition,
    _offset: row.offset,
    _event_time_ms: row.eventTime,
    _produce_time_ms: row.produceTime,
  };
  for (const k in row.event) {
    const v = row.event[k];
    if (v !== null && v !== undefined) record[k] = v;
  }
  return record;
}

export async function encodeRows(topic, fields, rows, metadata) {
  const chunks = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const writer = await parquet.ParquetWriter.openStream(schemaFor(topic, fields), sink, {
    rowGroupSize: 10_000,
  });
  for (const [k, v] of Object.entries(metadata)) writer.setMetadata(k, v);
  for (const row of rows) await writer.appendRow(toRecord(row));
  await writer.close();
  return Buffer.concat(chunks);
}
