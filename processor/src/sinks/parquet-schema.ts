import { TOPICS, type TopicName } from '@city/contracts';
import type { FieldDefinition } from 'parquetjs-lite';

interface JsonSchemaNode {
  type?: string | string[];
  anyOf?: JsonSchemaNode[];
  const?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
}

/** Columns every archived row carries besides the event's own fields. */
export const META_COLUMNS: Record<string, FieldDefinition> = {
  _partition: { type: 'INT32' },
  _offset: { type: 'INT64' },
  // Epoch milliseconds as INT64: parquetjs-lite cannot read back its own TIMESTAMP_MILLIS
  // (its INT64 decoder yields BigInt, which the Date conversion rejects).
  _event_time_ms: { type: 'INT64' },
  _produce_time_ms: { type: 'INT64' },
};

function leafType(node: JsonSchemaNode): string {
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  if (type === 'integer') return 'INT64';
  if (type === 'number') return 'DOUBLE';
  if (type === 'boolean') return 'BOOLEAN';
  if (type === 'string') return 'UTF8';
  if (node.const !== undefined) return typeof node.const === 'number' ? 'INT64' : 'UTF8';
  // Objects and arrays (camera approaches, incident details) are kept as JSON text.
  return 'JSON';
}

/**
 * The Parquet columns of a topic, derived from its contract: integers INT64, numbers DOUBLE,
 * strings UTF8, nested values JSON; optional or nullable fields are optional columns.
 */
export function parquetFieldsFor(topic: TopicName): Record<string, FieldDefinition> {
  const schema = TOPICS[topic].schema as unknown as JsonSchemaNode;
  const required = new Set(schema.required ?? []);
  const fields: Record<string, FieldDefinition> = { ...META_COLUMNS };
  for (const [name, node] of Object.entries(schema.properties ?? {})) {
    const variants = node.anyOf ?? [node];
    const nonNull = variants.filter((v) => v.type !== 'null');
    const nullable = nonNull.length < variants.length;
    const type = nonNull.length === 1 ? leafType(nonNull[0]!) : 'JSON';
    fields[name] = {
      type,
      compression: 'SNAPPY',
      ...(nullable || !required.has(name) ? { optional: true } : {}),
    };
  }
  return fields;
}
