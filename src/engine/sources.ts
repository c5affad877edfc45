import { bundledVocabularySource, listBundledPolicies, loadBundledPolicy } from '../bundled/registry.js';
import { isFolderRef, ParentError, unknownParent } from '../policy/inherit.js';
import { changedLimits, DEFAULT_FILE_LIMITS, type FileLimits } from '../policy/limit-values.js';
import { checkPolicyTextsExtending, collectPolicyTexts, textsFolder } from '../policy/sources.js';
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
}

/**
 * Loads a policy from the texts of its files, in memory: the same checks, the same diagnostics
 * (file, line, column) and the same digest as `loadPolicy(dir)` on a folder holding those files,
 * which reads them and comes here. Reads no file and needs no Node module (a browser, a worker).
 * Throws PolicyLoadError with every problem found. A manifest's `extends:` may name a bundled
 * policy here (a folder is read from disk: loadPolicy).
 */
export async function loadPolicyFromSources(sources: PolicySources): Promise<Policy> {
  const dir = sources.dir ?? '';
  const { vocabulary, text } =
    sources.vocabulary === undefined ? bundledVocabularySource() : { vocabulary: checkedVocabulary('vocabulary.yaml', sources.vocabulary), text: sources.vocabulary };
  const limits = changedLimits(DEFAULT_FILE_LIMITS, sources.limits ?? {});
  const texts = collectPolicyTexts(textsFolder(sources.files ?? {}, dir), text, limits);
  const checked = await checkPolicyTextsExtending(dir, texts, vocabulary, async (ref) => {
    if (isFolderRef(ref)) throw new ParentError('unknown-parent', 'a folder is read from disk (loadPolicy); in memory a policy extends a bundled policy');
    if (!listBundledPolicies().includes(ref)) throw unknownParent(ref, listBundledPolicies());
    return loadBundledPolicy(ref);
  });
  return preparePolicy(checked);
}
