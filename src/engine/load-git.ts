import { execFileSync } from 'node:child_process';
import { isAbsolute, posix, relative, resolve } from 'node:path';
import { extendsOf, isFolderRef } from '../policy/inherit.js';
import { MANIFEST_FILE } from '../policy/read.js';
import { parseSource } from '../policy/source.js';
import type { Policy } from './policy.js';
import { loadPolicyFromSources, type PolicySources } from './sources.js';

/** A git ref that does not exist, or a folder that the ref does not hold. */
export class GitRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitRefError';
  }
}

/** Runs git in a folder and gives its standard output (throws when git fails; its stderr is on the error). */
export function gitIn(cwd: string): (args: string[]) => string {
  return (args) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Loads a policy folder as it was at a git ref (e.g. "main", "HEAD~1", a tag, a commit): its
 * files are read with `git show` and loaded from their texts (loadPolicyFromSources), with the
 * folders it extends read at the same ref. Files are named `<ref>:<path>` in diagnostics and in
 * the rules. Runs git in `cwd`; throws GitRefError for a ref or folder git does not have.
 */
export async function loadPolicyAtRef(dir: string, ref: string, cwd: string): Promise<Policy> {
  const git = gitIn(cwd);
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new GitRefError(`"${ref}" is not a git commit, branch or tag here`);
  }
  const abs = isAbsolute(dir) ? dir : resolve(cwd, dir);
  const rel = (relative(cwd, abs) || '.').split('\\').join('/');
  const shown = /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 12) : ref;
  const seen = new Map<string, PolicySources>();
  return loadPolicyFromSources(sourcesAt(rel));

  /** The folder's own files at the ref (not its subfolders), and the folders it extends, each read once. */
  function sourcesAt(folder: string): PolicySources {
    const known = seen.get(folder);
    // A folder met again is the same object: the loader finds the cycle and names it.
    if (known !== undefined) return known;
    const entries = git(['ls-tree', ref, '--', `${folder}/`]).split('\n').filter(Boolean);
    const names = entries.filter((e) => e.split(/\s+/)[1] === 'blob').map((e) => posix.basename(e.slice(e.indexOf('\t') + 1)));
    if (names.length === 0) throw new GitRefError(`${ref} has no folder ${folder}`);
    const files = Object.fromEntries(names.map((name) => [name, git(['show', `${ref}:./${posix.join(folder, name)}`])]));
    const sources: PolicySources = { files, dir: `${shown}:${folder}` };
    seen.set(folder, sources);
    const named = files[MANIFEST_FILE] === undefined ? undefined : extendsOf(parseSource(MANIFEST_FILE, files[MANIFEST_FILE]));
    // A folder parent as it was at the same ref; an absolute path is refused by the loader.
    if (named && isFolderRef(named.ref) && !named.ref.startsWith('/')) {
      try {
        sources.parents = { [named.ref]: sourcesAt(posix.normalize(posix.join(folder, named.ref.split('\\').join('/')))) };
      } catch (error) {
        if (!(error instanceof GitRefError)) throw error;
        // Not there at that ref: the loader says so at the extends: line.
      }
    }
    return sources;
  }
}
