import { PolicyLoadError, type Diagnostic } from '../policy/diagnostics.js';
import { parseSource, zodDiagnostics } from '../policy/source.js';
import { VocabularySchema, type Vocabulary } from './schema.js';

/** A vocabulary and the text it was read from (the text goes into policy digests). */
export interface VocabularySource {
  vocabulary: Vocabulary;
  text: string;
}

export function vocabularyDiagnostics(file: string, text: string): { vocabulary?: Vocabulary; diagnostics: Diagnostic[] } {
  const source = parseSource(file, text);
  if (source.diagnostics.length > 0) return { diagnostics: source.diagnostics };
  const parsed = VocabularySchema.safeParse(source.value);
  if (!parsed.success) return { diagnostics: zodDiagnostics(source, parsed.error.issues) };
  return { vocabulary: parsed.data, diagnostics: [] };
}

/** A vocabulary's text, parsed and checked; a PolicyLoadError (positioned in `file`) if it is not one. */
export function checkedVocabulary(file: string, text: string): Vocabulary {
  const { vocabulary, diagnostics } = vocabularyDiagnostics(file, text);
  if (!vocabulary) throw new PolicyLoadError(diagnostics);
  return vocabulary;
}
