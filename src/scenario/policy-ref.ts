import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { listBundledPolicies, loadBundledPolicy, loadPolicy } from '../engine/load.js';
import type { Policy } from '../engine/policy.js';
import { PolicyLoadError } from '../policy/diagnostics.js';

/** Loaded policies by reference, so that many scenario files naming one policy load it once. */
export type PolicyCache = Map<string, Promise<Policy>>;

/**
 * Loads the policy a reference names: a folder (relative to `baseDir`) when it is a path or an
 * existing folder, else the id of a bundled policy. Throws PolicyLoadError.
 */
export function loadPolicyRef(ref: string, baseDir: string, cache?: PolicyCache): Promise<Policy> {
  const dir = isAbsolute(ref) ? ref : resolve(baseDir, ref);
  const looksLikePath = ref.startsWith('.') || ref.includes('/') || ref.includes('\\');
  const isFolder = existsSync(dir) && statSync(dir).isDirectory();
  let key: string;
  let load: () => Promise<Policy>;
  if (looksLikePath || isFolder) {
    key = `dir:${dir}`;
    load = () => loadPolicy(dir);
  } else if (listBundledPolicies().includes(ref)) {
    key = `id:${ref}`;
    load = () => loadBundledPolicy(ref);
  } else {
    const known = listBundledPolicies().join(', ') || 'none';
    return Promise.reject(
      new PolicyLoadError([
        { code: 'unknown-policy', message: `"${ref}" is neither a policy folder nor a bundled policy (bundled: ${known})`, file: ref, line: 0, column: 0 },
      ]),
    );
  }
  if (!cache) return load();
  let loaded = cache.get(key);
  if (!loaded) cache.set(key, (loaded = load()));
  return loaded;
}
