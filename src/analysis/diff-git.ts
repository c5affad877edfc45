import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { loadPolicy } from '../engine/load.js';
import type { Policy } from '../engine/policy.js';
import { PolicyLoadError } from '../policy/diagnostics.js';

/** A git ref that does not exist, or a folder that the ref does not hold. */
export class GitRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitRefError';
  }
}

/**
 * Loads a policy folder as it was at a git ref (e.g. "main", "HEAD~1", a tag): its files are
 * read with `git show` into a temporary folder, loaded, and the folder removed. Diagnostics name
 * the files as `<ref>:<path>`.
 */
export async function loadPolicyAtRef(dir: string, ref: string, cwd: string): Promise<Policy> {
  const abs = isAbsolute(dir) ? dir : resolve(cwd, dir);
  const git = (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new GitRefError(`"${ref}" is not a git commit, branch or tag here`);
  }
  const rel = relative(cwd, abs) || '.';
  const files = git(['ls-tree', '-r', '--name-only', ref, '--', rel]).split('\n').filter(Boolean);
  if (files.length === 0) throw new GitRefError(`${ref} has no folder ${rel}`);
  const tmp = mkdtempSync(join(tmpdir(), 'online-safety-diff-'));
  try {
    for (const file of files) {
      const inside = relative(rel, file);
      const target = join(tmp, inside);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, git(['show', `${ref}:./${file}`]));
    }
    return await loadPolicy(tmp);
  } catch (error) {
    if (error instanceof PolicyLoadError) {
      const shown = relative(process.cwd(), tmp) || tmp;
      const rename = (file: string) => (file.startsWith(shown) ? `${ref}:${join(rel, relative(shown, file))}` : file);
      throw new PolicyLoadError(error.diagnostics.map((d) => ({ ...d, file: rename(d.file) })));
    }
    throw error;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
