import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Vocabulary } from '../vocabulary/schema.js';
import { checkPolicy, type ParsedRuleFile } from './check.js';
import { PolicyLoadError, type Diagnostic } from './diagnostics.js';
import { ManifestSchema, RuleFileSchema, type Manifest, type Rule } from './schema.js';
import { parseSource, zodDiagnostics, type SourceFile } from './source.js';

export const MANIFEST_FILE = 'policy.yaml';

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
    .filter((name) => /\.ya?ml$/.test(name) && name !== MANIFEST_FILE)
    .sort();
}

/**
 * Reads and checks a policy folder. Every problem of every file is collected and thrown
 * together as one PolicyLoadError; nothing is returned unless everything is right.
 */
export function readPolicy(dir: string, vocabulary: Vocabulary, vocabularyText: string): CheckedPolicy {
  const display = (file: string) => relative(process.cwd(), file) || file;
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new PolicyLoadError([{ code: 'not-found', message: 'no such policy folder', file: display(dir), line: 0, column: 0 }]);
  }
  if (!existsSync(manifestPath)) {
    throw new PolicyLoadError([{ code: 'not-found', message: `no ${MANIFEST_FILE} manifest in this folder`, file: display(dir), line: 0, column: 0 }]);
  }
  const diagnostics: Diagnostic[] = [];
  const hash = createHash('sha256');
  const read = (path: string): SourceFile => {
    const text = readFileSync(path, 'utf8');
    hash.update(`${relative(dir, path)}\0${text}\0`);
    const source = parseSource(display(path), text);
    diagnostics.push(...source.diagnostics);
    return source;
  };

  const manifestSource = read(manifestPath);
  let manifest: Manifest | undefined;
  if (manifestSource.diagnostics.length === 0) {
    const parsed = ManifestSchema.safeParse(manifestSource.value);
    if (parsed.success) manifest = parsed.data;
    else diagnostics.push(...zodDiagnostics(manifestSource, parsed.error.issues));
  }

  const ruleFiles: ParsedRuleFile[] = [];
  let allRuleFilesParsed = true;
  for (const name of ruleFileNames(dir)) {
    const source = read(join(dir, name));
    const parsed = source.diagnostics.length > 0 ? undefined : RuleFileSchema.safeParse(source.value);
    if (parsed?.success) ruleFiles.push({ source, rules: parsed.data.rules });
    else allRuleFilesParsed = false;
    if (parsed && !parsed.success) diagnostics.push(...zodDiagnostics(source, parsed.error.issues));
  }
  hash.update(`vocabulary\0${vocabularyText}`);

  const checkedManifest = manifest && { source: manifestSource, value: manifest };
  diagnostics.push(...checkPolicy(checkedManifest, ruleFiles, vocabulary, allRuleFilesParsed));
  if (diagnostics.length > 0 || !manifest) throw new PolicyLoadError(diagnostics);

  const rules = ruleFiles.flatMap(({ source, rules }) =>
    rules.map((rule, i) => ({ ...rule, file: source.file, line: source.locate(['rules', i]).line })),
  );
  return { dir, manifest, rules, digest: `sha256:${hash.digest('hex')}` };
}
