import { bundledVocabularySource, listBundledPolicies, loadBundledPolicy } from '../bundled/registry.js';
import { ParentError, parentLoader } from '../policy/inherit.js';
import { changedLimits, DEFAULT_FILE_LIMITS, type FileLimits } from '../policy/limit-values.js';
import { checkPolicyTextsExtending, collectPolicyTexts, textsFolder, type CheckedPolicy } from '../policy/sources.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { checkedVocabulary } from '../vocabulary/parse.js';
import { preparePolicy, type Policy } from './policy.js';

/** A policy given as the texts of its files, for loadPolicyFromSources. */
export interface PolicySources {
  /**
   * The policy folder's files by name: `policy.yaml`, the rule files (`*.yaml`, `*.yml`), and
   * `source.txt` when the policy quotes its text. Other names are passed over, as in a folder.
   */
  files: Readonly<Record<string, string>>;
  /** The shared vocabulary as YAML text (default: the vocabulary shipped with the package). */
  vocabulary?: string;
  /** Where the files came from: shown before each file name in diagnostics, and the policy's `dir` (default: none). */
  dir?: string;
  /** Size limits (default DEFAULT_FILE_LIMITS), as for files read from disk. */
  limits?: Partial<FileLimits>;
  /**
   * The policies a folder `extends:` names, by the name written there (`../trust`): each given as
   * its files (and its own parents, by the names its manifest writes). A bundled parent needs none.
   */
  parents?: Readonly<Record<string, PolicySources>>;
}

/**
 * Loads a policy from the texts of its files, in memory: the same checks, the same diagnostics
 * (file, line, column) and the same digest as `loadPolicy(dir)` on a folder holding those files,
 * which reads them and comes here. Reads no file and needs no Node module (a browser, a worker).
 * Throws PolicyLoadError with every problem found. A manifest's `extends:` names a bundled
 * policy, or a folder given in `parents` (nothing is read from disk here).
 */
export async function loadPolicyFromSources(sources: PolicySources): Promise<Policy> {
  const { vocabulary, text } =
    sources.vocabulary === undefined ? bundledVocabularySource() : { vocabulary: checkedVocabulary('vocabulary.yaml', sources.vocabulary), text: sources.vocabulary };
  return preparePolicy(await checkSources(sources, vocabulary, text, [sources]));
}

/** The policy of one set of texts, checked, with the parents it extends; `chain`: the sources on the way here (for cycles). */
async function checkSources(sources: PolicySources, vocabulary: Vocabulary, vocabularyText: string, chain: PolicySources[]): Promise<CheckedPolicy> {
  const dir = sources.dir ?? '';
  const limits = changedLimits(DEFAULT_FILE_LIMITS, sources.limits ?? {});
  const texts = collectPolicyTexts(textsFolder(sources.files ?? {}, dir), vocabularyText, limits);
  return checkPolicyTextsExtending(
    dir,
    texts,
    vocabulary,
    parentLoader(chain, {
      bundled: { ids: listBundledPolicies, load: loadBundledPolicy },
      folder(ref) {
        const parent = sources.parents !== undefined && Object.hasOwn(sources.parents, ref) ? sources.parents[ref] : undefined;
        if (parent !== undefined) return parent;
        const given = Object.keys(sources.parents ?? {});
        throw new ParentError('unknown-parent', `no policy given for the folder "${ref}" in memory (parents given: ${given.length > 0 ? given.join(', ') : 'none'}); pass its files as parents["${ref}"], or load from disk with loadPolicy`);
      },
      shown: (s) => s.dir || '(given)',
      // A parent's texts are named by the reference when they give no folder, and held to the same limits.
      check: (parent, on, ref) => checkSources({ dir: parent.dir ?? ref, ...parent, ...(parent.limits === undefined && sources.limits !== undefined && { limits: sources.limits }) }, vocabulary, vocabularyText, on),
    }),
  );
}
