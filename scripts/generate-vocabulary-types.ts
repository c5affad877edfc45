// Writes src/vocabulary/terms.ts, the literal-union types of rules/vocabulary.yaml (npm run vocabulary:types).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundledVocabulary } from '../src/vocabulary/load.js';
import { BUNDLED_TERMS_FILE, BUNDLED_TERMS_HEADER, vocabularyTypes } from '../src/vocabulary/types.js';

writeFileSync(join(import.meta.dirname, '..', BUNDLED_TERMS_FILE), vocabularyTypes(bundledVocabulary(), BUNDLED_TERMS_HEADER));
console.log(`wrote ${BUNDLED_TERMS_FILE}`);
