// A copy of a policy folder in a temporary folder, to break one thing in it per test.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy, PolicyLoadError, type Diagnostic, type Policy } from '../../src/index.js';

export const FIXTURE = 'tests/fixtures/policies/valid';

/** A fresh copy of `from` (default: the valid fixture); `edit` changes its files. */
export function tempPolicy(from = FIXTURE): { dir: string; root: string; read(name: string): string; write(name: string, text: string): void; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'online-safety-hostile-'));
  const dir = join(root, 'policy');
  cpSync(from, dir, { recursive: true });
  return {
    dir,
    root,
    read: (name) => readFileSync(join(dir, name), 'utf8'),
    write: (name, text) => writeFileSync(join(dir, name), text),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** The diagnostics a folder fails to load with (it must fail, with PolicyLoadError). */
export async function loadProblems(dir: string): Promise<Diagnostic[]> {
  let policy: Policy;
  try {
    policy = await loadPolicy(dir);
  } catch (error) {
    if (error instanceof PolicyLoadError) return error.diagnostics;
    throw error;
  }
  throw new Error(`${dir} loaded (policy ${policy.id}), but it should not`);
}
