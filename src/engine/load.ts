import { bundledVocabularySource } from '../bundled/registry.js';
import { readPolicy } from '../policy/read.js';
import { preparePolicy, type Policy } from './policy.js';

export { listBundledPolicies } from '../bundled/registry.js';
export { loadBundledPolicy } from '../bundled/node.js';

/**
 * Loads a policy folder (policy.yaml + rule files) against the shared vocabulary: parsed with
 * positions, checked, compiled and dry-run. Throws PolicyLoadError with every problem found.
 * The folder's files are read here (policy/read.ts) and checked as loadPolicyFromSources checks
 * texts in memory (policy/sources.ts).
 */
export async function loadPolicy(dir: string): Promise<Policy> {
  const { vocabulary, text } = bundledVocabularySource();
  return preparePolicy(readPolicy(dir, vocabulary, text), vocabulary);
}
