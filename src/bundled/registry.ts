import { preparePolicy, type Policy } from '../engine/policy.js';
import { PolicyLoadError } from '../policy/diagnostics.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import type { VocabularySource } from '../vocabulary/parse.js';
import { shipped } from './shipped.js';

/**
 * Where the package's own files are, as a Node process sees them. Bundled policies name their
 * folder and rule files by their path inside the package (rules/elim-school/response.yaml); the
 * Node entry places them on disk (an absolute folder, files relative to the working folder) when
 * the package is installed there, so that reports point at files one can open.
 */
export interface PackagePlaces {
  dir(pathInPackage: string): string;
  file(pathInPackage: string): string;
}

/** Paths as they are inside the package (a browser, a bundle). */
const IN_PACKAGE: PackagePlaces = { dir: (path) => path, file: (path) => path };

/** The shared vocabulary shipped with the package and its text (the text goes into policy digests). */
export function bundledVocabularySource(): VocabularySource {
  return shipped.vocabulary();
}

export function bundledVocabulary(): Vocabulary {
  return shipped.vocabulary().vocabulary;
}

/** The ids of the policies shipped with the package. */
export function listBundledPolicies(): string[] {
  return shipped.ids();
}

// One cache per way of placing files: the core's and the Node entry's.
const bundledCache = new WeakMap<PackagePlaces, Map<string, Promise<Policy>>>();

async function loadBundled(id: string, places: PackagePlaces): Promise<Policy> {
  const { vocabulary } = bundledVocabularySource();
  const entry = await shipped.policy(id);
  const rules = entry.rules.map((rule) => ({ ...rule, file: places.file(rule.file) }));
  return preparePolicy({ dir: places.dir(`rules/${id}`), manifest: entry.manifest, rules, digest: entry.digest, vocabulary });
}

/** Loads a policy shipped with the package by id (e.g. "elim-school"); loaded once per process. */
export function loadBundledPolicy(id: string): Promise<Policy> {
  return loadBundledPolicyAt(id, IN_PACKAGE);
}

/** loadBundledPolicy, with the policy's files placed where `places` says (the Node entry's). */
export function loadBundledPolicyAt(id: string, places: PackagePlaces): Promise<Policy> {
  const known = listBundledPolicies();
  if (!known.includes(id)) {
    return Promise.reject(
      new PolicyLoadError([
        { code: 'unknown-policy', message: `no bundled policy "${id}" (bundled: ${known.join(', ')})`, file: id, line: 0, column: 0 },
      ]),
    );
  }
  let cache = bundledCache.get(places);
  if (!cache) bundledCache.set(places, (cache = new Map()));
  let loaded = cache.get(id);
  if (!loaded) {
    loaded = loadBundled(id, places);
    cache.set(id, loaded);
    loaded.catch(() => cache.delete(id));
  }
  return loaded;
}
