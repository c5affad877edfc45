import { resolve } from 'node:path';
import { bundledVocabularySource, listBundledPolicies } from '../bundled/registry.js';
import { loadBundledPolicy } from '../bundled/node.js';
import { isFolderRef, parentLoader } from '../policy/inherit.js';
import { displayPath, readPolicyTexts } from '../policy/read.js';
import { checkPolicyTextsExtending, type CheckedPolicy } from '../policy/sources.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { preparePolicy, type Policy } from './policy.js';

export { listBundledPolicies } from '../bundled/registry.js';
export { loadBundledPolicy } from '../bundled/node.js';

/**
 * Loads a policy folder (policy.yaml + rule files) against the shared vocabulary: parsed with
 * positions, checked, compiled and dry-run. Throws PolicyLoadError with every problem found.
 * The folder's files are read here (policy/read.ts) and checked as loadPolicyFromSources checks
 * texts in memory (policy/sources.ts). A manifest's `extends:` names a bundled policy or a
 * folder relative to this one (docs/your-school.md, Inheritance).
 */
export async function loadPolicy(dir: string): Promise<Policy> {
  const { vocabulary, text } = bundledVocabularySource();
  return preparePolicy(await checkFolder(dir, vocabulary, text, [resolve(dir)]));
}

/** A folder's policy, checked, with the parents it extends; `chain` is the folders on the way here (for cycles). */
async function checkFolder(dir: string, vocabulary: Vocabulary, vocabularyText: string, chain: string[]): Promise<CheckedPolicy> {
  return checkPolicyTextsExtending(
    dir,
    readPolicyTexts(dir, vocabularyText),
    vocabulary,
    parentLoader(chain, {
      bundled: { ids: listBundledPolicies, load: loadBundledPolicy },
      folder: (ref) => resolve(dir, ref),
      shown: displayPath,
      check: (parent, on) => checkFolder(parent, vocabulary, vocabularyText, on),
    }),
  );
}

/**
 * The policy a policy extends (its manifest's `extends:`), loaded as loadPolicy found it: a
 * bundled policy, or a folder relative to the policy's own. Undefined when it extends none.
 */
export async function loadParentPolicy(policy: Policy): Promise<Policy | undefined> {
  const ref = policy.manifest.extends;
  if (ref === undefined) return undefined;
  return isFolderRef(ref) ? loadPolicy(resolve(policy.dir, ref)) : loadBundledPolicy(ref);
}
