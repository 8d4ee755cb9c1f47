/**
 * Writes one JSON Schema file per event to docs/events/ and docs/events.md (npm run contracts:export).
 * A unit test fails when the committed files differ from the contracts in code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderEventsMarkdown } from '../src/events-markdown.js';
import { renderJsonSchemas } from '../src/json-schema.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/events');
mkdirSync(outDir, { recursive: true });
for (const [file, text] of Object.entries(renderJsonSchemas())) {
  writeFileSync(join(outDir, file), text);
  console.log(`wrote docs/events/${file}`);
}
writeFileSync(join(outDir, '../events.md'), renderEventsMarkdown());
console.log('wrote docs/events.md');
