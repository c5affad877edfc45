import { join, relative } from 'node:path';
import { PolicyLoadError, type Diagnostic } from '../policy/diagnostics.js';
import { readTextFile } from '../policy/files.js';
import { parseSource, zodDiagnostics } from '../policy/source.js';
import { snapshotVocabulary } from '../policy/snapshot.js';
import { bundledRulesDir } from './bundled.js';
import { VocabularySchema, type Vocabulary } from './schema.js';

export function vocabularyDiagnostics(file: string, text: string): { vocabulary?: Vocabulary; diagnostics: Diagnostic[] } {
  const source = parseSource(file, text);
  if (source.diagnostics.length > 0) return { diagnostics: source.diagnostics };
  const parsed = VocabularySchema.safeParse(source.value);
  if (!parsed.success) return { diagnostics: zodDiagnostics(source, parsed.error.issues) };
  return { vocabulary: parsed.data, diagnostics: [] };
}

/** A vocabulary and the text it was read from (the text goes into policy digests). */
export interface VocabularySource {
  vocabulary: Vocabulary;
  text: string;
}

export function loadVocabularyFile(file: string): VocabularySource {
  const text = readVocabularyText(file);
  return { vocabulary: checkedVocabulary(file, text), text };
}

/** The vocabulary is the package's own file: a regular UTF-8 file, but held to no size limit. */
function readVocabularyText(file: string): string {
  const read = readTextFile(file, relative(process.cwd(), file) || file, Number.MAX_SAFE_INTEGER);
  if (read.problem) throw new PolicyLoadError([read.problem]);
  return read.text;
}

function checkedVocabulary(file: string, text: string): Vocabulary {
  const { vocabulary, diagnostics } = vocabularyDiagnostics(file, text);
  if (!vocabulary) throw new PolicyLoadError(diagnostics);
  return vocabulary;
}

let bundled: VocabularySource | undefined;

/** The shared vocabulary shipped with the package (rules/vocabulary.yaml), read once. */
export function bundledVocabularySource(): VocabularySource {
  if (bundled === undefined) {
    const file = join(bundledRulesDir(), 'vocabulary.yaml');
    const text = readVocabularyText(file);
    bundled = { vocabulary: snapshotVocabulary(text) ?? checkedVocabulary(file, text), text };
  }
  return bundled;
}

export function bundledVocabulary(): Vocabulary {
  return bundledVocabularySource().vocabulary;
}
