import type { TSchema } from '@sinclair/typebox';
import { DeadLetterSchema } from './events/dead-letter.js';
import { TOPICS, TOPIC_NAMES } from './topics.js';

function toJsonSchema(schema: TSchema): string {
  // JSON.stringify drops TypeBox's symbol-keyed metadata, leaving plain draft-07 JSON Schema.
  const plain = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...plain }, null, 2)}\n`;
}

/** File name -> JSON Schema text, one per topic plus the dead-letter envelope. */
export function renderJsonSchemas(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of TOPIC_NAMES)
    files[`${name}.v1.schema.json`] = toJsonSchema(TOPICS[name].schema);
  files['dead_letter.v1.schema.json'] = toJsonSchema(DeadLetterSchema);
  return files;
}
