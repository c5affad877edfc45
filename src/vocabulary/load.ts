import { relative } from 'node:path';
import { PolicyLoadError } from '../policy/diagnostics.js';
import { readTextFile } from '../policy/files.js';
import { checkedVocabulary, type VocabularySource } from './parse.js';

export { vocabularyDiagnostics, type VocabularySource } from './parse.js';
export { bundledVocabulary, bundledVocabularySource } from '../bundled/registry.js';

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
