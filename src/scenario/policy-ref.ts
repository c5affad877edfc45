import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { listBundledPolicies, loadBundledPolicy, loadPolicy } from '../engine/load.js';
import type { Policy } from '../engine/policy.js';
import { PolicyLoadError } from '../policy/diagnostics.js';

/** Loaded policies by reference, so that many scenario files naming one policy load it once. */
export type PolicyCache = Map<string, Promise<Policy>>;

/** What a policy reference names: a folder (when it is a path or an existing folder), else a bundled policy's id. */
export type PolicyRef = { folder: string; bundled?: undefined } | { bundled: string; folder?: undefined };

/** Resolves a reference (relative to `baseDir`); a name that is neither a folder nor a bundled policy is a PolicyLoadError. */
export function resolvePolicyRef(ref: string, baseDir: string): PolicyRef {
  const dir = isAbsolute(ref) ? ref : resolve(baseDir, ref);
  const looksLikePath = ref.startsWith('.') || ref.includes('/') || ref.includes('\\');
  if (looksLikePath || (existsSync(dir) && statSync(dir).isDirectory())) return { folder: dir };
  if (listBundledPolicies().includes(ref)) return { bundled: ref };
  const known = listBundledPolicies().join(', ') || 'none';
  throw new PolicyLoadError([
    { code: 'unknown-policy', message: `"${ref}" is neither a policy folder nor a bundled policy (bundled: ${known})`, file: ref, line: 0, column: 0 },
  ]);
}

/**
 * Loads the policy a reference names: a folder (relative to `baseDir`) when it is a path or an
 * existing folder, else the id of a bundled policy. Throws PolicyLoadError.
 */
export function loadPolicyRef(ref: string, baseDir: string, cache?: PolicyCache): Promise<Policy> {
  let named: PolicyRef;
  try {
    named = resolvePolicyRef(ref, baseDir);
  } catch (error) {
    return Promise.reject(error);
  }
  const key = named.folder !== undefined ? `dir:${named.folder}` : `id:${named.bundled}`;
  const load = () => (named.folder !== undefined ? loadPolicy(named.folder) : loadBundledPolicy(named.bundled));
  if (!cache) return load();
  let loaded = cache.get(key);
  if (!loaded) cache.set(key, (loaded = load()));
  return loaded;
}
