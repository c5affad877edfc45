import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Vocabulary } from '../vocabulary/schema.js';
import { PolicyLoadError } from './diagnostics.js';
import { readTextFile } from './files.js';
import { fileLimits } from './limits.js';
import { checkPolicyTexts, collectPolicyTexts, isRuleFileName, type CheckedPolicy, type PolicyFolder, type PolicyTexts } from './sources.js';

export { MANIFEST_FILE, INVARIANTS_FILE, isRuleFileName, checkPolicyTexts, type LoadedRule, type CheckedPolicy, type PolicyTexts } from './sources.js';

/** The rule files of a policy folder: every .yaml/.yml entry beside the manifest, sorted. */
export function ruleFileNames(dir: string): string[] {
  return readdirSync(dir).filter(isRuleFileName).sort();
}

/**
 * Reads a policy folder's files and their digest, without parsing them (sources.ts says which
 * files count). A file is read only if it is a regular UTF-8 file within the size limits (see
 * limits.ts and files.ts), never a FIFO or a device.
 */
export function readPolicyTexts(dir: string, vocabularyText: string): PolicyTexts {
  const shown = displayPath(dir);
  const folder: PolicyFolder = {
    names: folderEntries(dir, shown),
    shown,
    file: (name) => displayPath(join(dir, name)),
    read: (name, maxBytes) => readTextFile(join(dir, name), displayPath(join(dir, name)), maxBytes),
  };
  return collectPolicyTexts(folder, vocabularyText, fileLimits());
}

/** The names in a policy folder; a path that is not a readable folder is a PolicyLoadError. */
function folderEntries(dir: string, folder: string): string[] {
  const fail = (message: string): never => {
    throw new PolicyLoadError([{ code: 'not-found', message, file: folder, line: 0, column: 0 }]);
  };
  try {
    if (!statSync(dir).isDirectory()) fail('is not a policy folder (a folder holding policy.yaml)');
    return readdirSync(dir);
  } catch (error) {
    if (error instanceof PolicyLoadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' || code === 'ENOTDIR' ? 'no such policy folder' : code === 'ELOOP' ? 'is a symbolic link loop' : `cannot be read as a policy folder (${code ?? 'unknown error'})`);
  }
}

/** A file's path as diagnostics and rules show it: relative to the working folder. */
export function displayPath(file: string): string {
  return relative(process.cwd(), file) || file;
}

/**
 * Reads and checks a policy folder. Every problem of every file is collected and thrown
 * together as one PolicyLoadError; nothing is returned unless everything is right.
 */
export function readPolicy(dir: string, vocabulary: Vocabulary, vocabularyText: string): CheckedPolicy {
  return checkPolicyTexts(dir, readPolicyTexts(dir, vocabularyText), vocabulary);
}
