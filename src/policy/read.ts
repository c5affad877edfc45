import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Vocabulary } from '../vocabulary/schema.js';
import { checkPolicy, type ParsedRuleFile } from './check.js';
import { PolicyLoadError, type Diagnostic } from './diagnostics.js';
import { checkLedgerText } from './ledger-text.js';
import { readTextFile } from './files.js';
import { fileLimits, formatBytes } from './limits.js';
import { ManifestSchema, RuleFileSchema, type Manifest, type Rule } from './schema.js';
import { SOURCE_TEXT_FILE } from './source-text.js';
import { parseSource, zodDiagnostics, type SourceFile } from './source.js';

export const MANIFEST_FILE = 'policy.yaml';
/** A policy folder's safety properties (analysis/invariants.ts): checks, not rules. */
export const INVARIANTS_FILE = 'invariants.yaml';

/** A rule as loaded: its definition and where it was written. */
export interface LoadedRule extends Rule {
  file: string;
  line: number;
}

/** A policy folder that passed every check, not yet compiled. */
export interface CheckedPolicy {
  dir: string;
  manifest: Manifest;
  rules: LoadedRule[];
  /** sha256 over the manifest, the rule files, the policy's text and the vocabulary, as written. */
  digest: string;
}

/** A rule file's name: ".yaml" or ".yml" in lower case, beside the manifest. */
export function isRuleFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) && name !== MANIFEST_FILE && name !== INVARIANTS_FILE;
}

/** The rule files of a policy folder: every .yaml/.yml entry beside the manifest, sorted. */
export function ruleFileNames(dir: string): string[] {
  return readdirSync(dir).filter(isRuleFileName).sort();
}

/** The texts a policy folder is made of: its manifest, then its rule files (sorted). */
export interface PolicyTexts {
  manifest: { path: string; text: string };
  ruleFiles: { path: string; text: string }[];
  /** The policy's published text (source.txt), when the folder holds it; never a rule file. */
  sourceText?: { path: string; text: string };
  /** sha256 over the manifest, the rule files, the policy's text and the vocabulary, as written. */
  digest: string;
}

/**
 * Reads a policy folder's files and their digest, without parsing them. Every entry that looks
 * like a rule file must be one: a regular UTF-8 file within the size limits (see limits.ts).
 * A name that only differs in case (`extra.YAML`) is an error rather than silently skipped.
 * Every problem is thrown together as one PolicyLoadError.
 */
export function readPolicyTexts(dir: string, vocabularyText: string): PolicyTexts {
  const folder = displayPath(dir);
  const names = folderEntries(dir, folder);
  const problems: Diagnostic[] = [];
  const limits = fileLimits();
  let total = 0;
  const read = (name: string): { path: string; text: string } | undefined => {
    if (total > limits.maxPolicyBytes) return undefined;
    const path = join(dir, name);
    const file = readTextFile(path, displayPath(path), limits.maxFileBytes);
    if (file.problem) {
      problems.push(file.problem);
      return undefined;
    }
    total += file.bytes;
    return { path, text: file.text };
  };
  if (!names.includes(MANIFEST_FILE)) problems.push({ code: 'not-found', message: `no ${MANIFEST_FILE} manifest in this folder`, file: folder, line: 0, column: 0 });
  const manifest = names.includes(MANIFEST_FILE) ? read(MANIFEST_FILE) : undefined;
  const ruleFiles = names.filter(isRuleFileName).sort().map(read);
  // The text is part of what the policy is: a changed quote target changes the digest.
  const sourceText = names.includes(SOURCE_TEXT_FILE) ? read(SOURCE_TEXT_FILE) : undefined;
  for (const name of names.filter((n) => /\.ya?ml$/i.test(n) && !isRuleFileName(n) && n !== MANIFEST_FILE && n !== INVARIANTS_FILE).sort()) {
    problems.push({
      code: 'misnamed-file',
      message: `is not read as a rule file: rule files end in ".yaml" or ".yml", in lower case (rename it, or move it out of the policy folder)`,
      file: displayPath(join(dir, name)),
      line: 0,
      column: 0,
    });
  }
  if (total > limits.maxPolicyBytes) {
    problems.push({ code: 'too-large', message: `the policy's files are more than ${formatBytes(limits.maxPolicyBytes)} together, over the limit per policy (--max-policy-size)`, file: folder, line: 0, column: 0 });
  }
  if (problems.length > 0 || !manifest) throw new PolicyLoadError(problems);
  const hash = createHash('sha256');
  const texts = [manifest, ...(ruleFiles as { path: string; text: string }[])];
  for (const { path, text } of sourceText ? [...texts, sourceText] : texts) hash.update(`${relative(dir, path)}\0${text}\0`);
  hash.update(`vocabulary\0${vocabularyText}`);
  return { manifest, ruleFiles: texts.slice(1), ...(sourceText && { sourceText }), digest: `sha256:${hash.digest('hex')}` };
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

/** Parses and checks a policy folder's texts (see readPolicy). */
export function checkPolicyTexts(dir: string, texts: PolicyTexts, vocabulary: Vocabulary): CheckedPolicy {
  const diagnostics: Diagnostic[] = [];
  const parse = ({ path, text }: { path: string; text: string }): SourceFile => {
    const source = parseSource(displayPath(path), text);
    diagnostics.push(...source.diagnostics);
    return source;
  };

  const manifestSource = parse(texts.manifest);
  let manifest: Manifest | undefined;
  if (manifestSource.diagnostics.length === 0) {
    const parsed = ManifestSchema.safeParse(manifestSource.value);
    if (parsed.success) manifest = parsed.data;
    else diagnostics.push(...zodDiagnostics(manifestSource, parsed.error.issues));
  }

  const ruleFiles: ParsedRuleFile[] = [];
  let allRuleFilesParsed = true;
  for (const file of texts.ruleFiles) {
    const source = parse(file);
    const parsed = source.diagnostics.length > 0 ? undefined : RuleFileSchema.safeParse(source.value);
    if (parsed?.success) ruleFiles.push({ source, rules: parsed.data.rules });
    else allRuleFilesParsed = false;
    if (parsed && !parsed.success) diagnostics.push(...zodDiagnostics(source, parsed.error.issues));
  }

  const checkedManifest = manifest && { source: manifestSource, value: manifest };
  diagnostics.push(...checkPolicy(checkedManifest, ruleFiles, vocabulary, allRuleFilesParsed));
  if (checkedManifest) {
    const text = texts.sourceText && { file: displayPath(texts.sourceText.path), text: texts.sourceText.text };
    diagnostics.push(...checkLedgerText(checkedManifest, text));
  }
  if (diagnostics.length > 0 || !manifest) throw new PolicyLoadError(diagnostics);

  const rules = ruleFiles.flatMap(({ source, rules }) =>
    rules.map((rule, i) => ({ ...rule, file: source.file, line: source.locate(['rules', i]).line })),
  );
  return { dir, manifest, rules, digest: texts.digest };
}
