import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyLoadError } from '../policy/diagnostics.js';
import { checkPolicyTexts, MANIFEST_FILE, readPolicy, readPolicyTexts } from '../policy/read.js';
import { snapshotPolicy } from '../policy/snapshot.js';
import { bundledRulesDir } from '../vocabulary/bundled.js';
import { bundledVocabularySource } from '../vocabulary/load.js';
import { preparePolicy, type Policy } from './policy.js';

/**
 * Loads a policy folder (policy.yaml + rule files) against the shared vocabulary: parsed with
 * positions, checked, compiled and dry-run. Throws PolicyLoadError with every problem found.
 */
export async function loadPolicy(dir: string): Promise<Policy> {
  const { vocabulary, text } = bundledVocabularySource();
  return preparePolicy(readPolicy(dir, vocabulary, text), vocabulary);
}

/** The ids of the policies shipped with the package. */
export function listBundledPolicies(): string[] {
  const root = bundledRulesDir();
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(root, e.name, MANIFEST_FILE)))
    .map((e) => e.name)
    .sort();
}

const bundledCache = new Map<string, Promise<Policy>>();

/** A bundled policy: from the build's snapshot when its files are unchanged (policy/snapshot.ts). */
async function loadBundled(id: string): Promise<Policy> {
  const dir = join(bundledRulesDir(), id);
  const { vocabulary, text } = bundledVocabularySource();
  const texts = readPolicyTexts(dir, text);
  return preparePolicy(snapshotPolicy(id, dir, texts) ?? checkPolicyTexts(dir, texts, vocabulary), vocabulary);
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
