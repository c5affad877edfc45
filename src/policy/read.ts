import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Vocabulary } from '../vocabulary/schema.js';
import { checkPolicy, type ParsedRuleFile } from './check.js';
import { PolicyLoadError, type Diagnostic } from './diagnostics.js';
import { ManifestSchema, RuleFileSchema, type Manifest, type Rule } from './schema.js';
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
  /** sha256 over the manifest, the rule files and the vocabulary, as written. */
  digest: string;
}

/** The rule files of a policy folder: every .yaml/.yml file beside the manifest, sorted. */
export function ruleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name) && name !== MANIFEST_FILE && name !== INVARIANTS_FILE)
    .sort();
}

/** The texts a policy folder is made of: its manifest, then its rule files (sorted). */
export interface PolicyTexts {
  manifest: { path: string; text: string };
  ruleFiles: { path: string; text: string }[];
  /** sha256 over the manifest, the rule files and the vocabulary, as written. */
  digest: string;
}

/** Reads a policy folder's files and their digest, without parsing them. */
export function readPolicyTexts(dir: string, vocabularyText: string): PolicyTexts {
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PolicyLoadError([{ code: 'not-found', message: 'no such policy folder', file: displayPath(dir), line: 0, column: 0 }]);
  }
  if (!existsSync(manifestPath)) {
    throw new PolicyLoadError([{ code: 'not-found', message: `no ${MANIFEST_FILE} manifest in this folder`, file: displayPath(dir), line: 0, column: 0 }]);
  }
  const hash = createHash('sha256');
  const read = (path: string) => {
    const text = readFileSync(path, 'utf8');
    hash.update(`${relative(dir, path)}\0${text}\0`);
    return { path, text };
  };
  const manifest = read(manifestPath);
  const ruleFiles = ruleFileNames(dir).map((name) => read(join(dir, name)));
  hash.update(`vocabulary\0${vocabularyText}`);
  return { manifest, ruleFiles, digest: `sha256:${hash.digest('hex')}` };
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
  if (diagnostics.length > 0 || !manifest) throw new PolicyLoadError(diagnostics);

  const rules = ruleFiles.flatMap(({ source, rules }) =>
    rules.map((rule, i) => ({ ...rule, file: source.file, line: source.locate(['rules', i]).line })),
  );
  return { dir, manifest, rules, digest: texts.digest };
}
