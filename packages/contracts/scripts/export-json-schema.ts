/**
 * Writes one JSON Schema file per event to docs/events/ (run: npm run contracts:export).
 * A unit test fails when the committed files differ from the schemas in code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from '../src/json-schema.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/events');
mkdirSync(outDir, { recursive: true });
for (const [file, text] of Object.entries(renderJsonSchemas())) {
  writeFileSync(join(outDir, file), text);
  console.log(`wrote docs/events/${file}`);
}
