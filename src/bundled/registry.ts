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

let places: PackagePlaces | undefined;

export function placeBundledFiles(at: PackagePlaces): void {
  places = at;
}

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

const bundledCache = new Map<string, Promise<Policy>>();

async function loadBundled(id: string): Promise<Policy> {
  const { vocabulary } = bundledVocabularySource();
  const entry = await shipped.policy(id);
  const dir = `rules/${id}`;
  const rules = places ? entry.rules.map((rule) => ({ ...rule, file: places!.file(rule.file) })) : entry.rules;
  return preparePolicy({ dir: places ? places.dir(dir) : dir, manifest: entry.manifest, rules, digest: entry.digest }, vocabulary);
}

/** Loads a policy shipped with the package by id (e.g. "elim-school"); loaded once per process. */
export function loadBundledPolicy(id: string): Promise<Policy> {
  const known = listBundledPolicies();
  if (!known.includes(id)) {
    return Promise.reject(
      new PolicyLoadError([
        { code: 'unknown-policy', message: `no bundled policy "${id}" (bundled: ${known.join(', ')})`, file: id, line: 0, column: 0 },
      ]),
    );
  }
  let loaded = bundledCache.get(id);
  if (!loaded) {
    loaded = loadBundled(id);
    bundledCache.set(id, loaded);
    loaded.catch(() => bundledCache.delete(id));
  }
  return loaded;
}
