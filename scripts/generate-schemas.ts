// Writes schemas/*.schema.json from the zod schemas (npm run schemas).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemaFiles } from '../src/schemas/json-schemas.js';
import { bundledVocabulary } from '../src/vocabulary/load.js';

const dir = join(import.meta.dirname, '..', 'schemas');
for (const [name, text] of Object.entries(jsonSchemaFiles(bundledVocabulary()))) {
  writeFileSync(join(dir, name), text);
  console.log(`wrote schemas/${name}`);
}
