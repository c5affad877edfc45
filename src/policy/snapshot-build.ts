// Build step (tsup's onSuccess): writes dist/bundled-policies.json, the bundled policies
// checked once at build time (see snapshot.ts). Always from the YAML, never from a snapshot.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listBundledPolicies } from '../engine/load.js';
import { bundledRulesDir } from '../vocabulary/bundled.js';
import { loadVocabularyFile } from '../vocabulary/load.js';
import { formatDiagnostic, PolicyLoadError } from './diagnostics.js';
import { writeSnapshot } from './snapshot.js';

try {
  const { vocabulary, text } = loadVocabularyFile(join(bundledRulesDir(), 'vocabulary.yaml'));
  writeSnapshot(dirname(fileURLToPath(import.meta.url)), bundledRulesDir(), listBundledPolicies(), vocabulary, text);
} catch (error) {
  // The bundled rules do not load: the build fails, saying where.
  if (!(error instanceof PolicyLoadError)) throw error;
  for (const d of error.diagnostics) console.error(formatDiagnostic(d));
  process.exit(1);
}
