import { extendVocabulary, POLICY_VOCABULARY_FILE } from '../vocabulary/extend.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { checkPolicy, type ParsedRuleFile } from './check.js';
import { PolicyLoadError, type Diagnostic } from './diagnostics.js';
import { extendsOf, inherit, ParentError, type ParentLoader } from './inherit.js';
import { checkLedgerText } from './ledger-text.js';
import { formatBytes, tooLarge, type FileLimits } from './limit-values.js';
import { CalendarSchema, ManifestSchema, RuleFileSchema, type Calendar, type Manifest, type Rule } from './schema.js';
import { sha256Hex } from './sha256.js';
import { SOURCE_TEXT_FILE } from './source-text.js';
import { parseSource, zodDiagnostics, type SourceFile } from './source.js';

// A policy from its texts: which files count, their digest, parsing and checking. Nothing here
// reads a file: a folder on disk (read.ts) and texts in memory (loadPolicyFromSources) are two
// ways of handing the same texts to the same checks.

export const MANIFEST_FILE = 'policy.yaml';
/** The school's calendar: the days it is closed (CalendarSchema), for due times. */
export const CALENDAR_FILE = 'calendar.yaml';
/** A policy folder's safety properties (analysis/invariants.ts): checks, not rules. */
export const INVARIANTS_FILE = 'invariants.yaml';

/** A rule as loaded: its definition and where it was written. */
export interface LoadedRule extends Rule {
  file: string;
  line: number;
  /** The policy the rule comes from (its id), set only in a policy that extends another. */
  policy?: string;
}

/** A policy that passed every check, not yet compiled. */
export interface CheckedPolicy {
  dir: string;
  manifest: Manifest;
  rules: LoadedRule[];
  /** sha256 over the manifest, the rule files, the policy's text and the vocabulary, as written. */
  digest: string;
  /** The vocabulary the policy is read with: the shared one, with its parent's terms and its own. */
  vocabulary: Vocabulary;
}

/**
 * The names beside the rule files that are not rule files: the manifest, the invariants, the
 * policy's own vocabulary (and vocabulary.yml, refused with a hint rather than read as rules).
 */
const NOT_RULE_FILES = new Set([MANIFEST_FILE, INVARIANTS_FILE, POLICY_VOCABULARY_FILE, 'vocabulary.yml', CALENDAR_FILE]);

/** A rule file's name: ".yaml" or ".yml" in lower case, beside the manifest (not in a subfolder). */
export function isRuleFileName(name: string): boolean {
  return /\.ya?ml$/.test(name) && !NOT_RULE_FILES.has(name) && !inSubfolder(name);
}

/** A name with a folder in it: texts given in memory may name one; a folder's own listing never does. */
function inSubfolder(name: string): boolean {
  return name.includes('/') || name.includes('\\');
}

/** One file of a policy: its name in the folder, the path diagnostics show, its text. */
export interface PolicyFileText {
  name: string;
  file: string;
  text: string;
}

/** The texts a policy is made of: its manifest, then its rule files (sorted). */
export interface PolicyTexts {
  manifest: PolicyFileText;
  ruleFiles: PolicyFileText[];
  /** The policy's published text (source.txt), when the folder holds it; never a rule file. */
  sourceText?: PolicyFileText;
  /** The terms the policy adds to the vocabulary it is read with (vocabulary.yaml), when it has any. */
  vocabulary?: PolicyFileText;
  /** The school's calendar (calendar.yaml), when it has one. */
  calendar?: PolicyFileText;
  /** sha256 over the manifest, the rule files, the policy's text and the vocabulary, as written. */
  digest: string;
}

/** A file's text, or the one problem that kept it from being read (positioned when it has a place). */
export type FileText = { text: string; bytes: number; problem?: undefined } | { text?: undefined; bytes?: undefined; problem: Diagnostic };

/** A policy's files, wherever they are: the names it holds and a way to read one. */
export interface PolicyFolder {
  /** Every name in the folder (files that are not the policy's are passed over). */
  names: string[];
  /** The folder as diagnostics show it. */
  shown: string;
  /** A file of the folder as diagnostics show it. */
  file(name: string): string;
  /** One file's text, refused past `maxBytes`. */
  read(name: string, maxBytes: number): FileText;
}

/**
 * The policy's texts and their digest, without parsing them. Every name that looks like a rule
 * file must be one: within the size limits, and named in lower case (`extra.YAML` is an error
 * rather than silently skipped). Every problem is thrown together as one PolicyLoadError.
 */
export function collectPolicyTexts(folder: PolicyFolder, vocabularyText: string, limits: Readonly<FileLimits>): PolicyTexts {
  const { names } = folder;
  const problems: Diagnostic[] = [];
  let total = 0;
  const read = (name: string): PolicyFileText | undefined => {
    if (total > limits.maxPolicyBytes) return undefined;
    const file = folder.read(name, limits.maxFileBytes);
    if (file.problem) {
      problems.push(file.problem);
      return undefined;
    }
    total += file.bytes;
    return { name, file: folder.file(name), text: file.text };
  };
  if (!names.includes(MANIFEST_FILE)) problems.push({ code: 'not-found', message: `no ${MANIFEST_FILE} manifest in this folder`, file: folder.shown, line: 0, column: 0 });
  const manifest = names.includes(MANIFEST_FILE) ? read(MANIFEST_FILE) : undefined;
  const ruleFiles = names.filter(isRuleFileName).sort().map(read);
  // The text is part of what the policy is: a changed quote target changes the digest.
  const sourceText = names.includes(SOURCE_TEXT_FILE) ? read(SOURCE_TEXT_FILE) : undefined;
  const vocabulary = names.includes(POLICY_VOCABULARY_FILE) ? read(POLICY_VOCABULARY_FILE) : undefined;
  const calendar = names.includes(CALENDAR_FILE) ? read(CALENDAR_FILE) : undefined;
  for (const name of names.filter((n) => /\.ya?ml$/i.test(n) && !isRuleFileName(n) && !NOT_RULE_FILES.has(n) && !inSubfolder(n)).sort()) {
    problems.push({
      code: 'misnamed-file',
      message: `is not read as a rule file: rule files end in ".yaml" or ".yml", in lower case (rename it, or move it out of the policy folder)`,
      file: folder.file(name),
      line: 0,
      column: 0,
    });
  }
  // A YAML file in a subfolder is not the policy's: said, rather than read as a rule file or dropped.
  for (const name of names.filter((n) => inSubfolder(n) && /\.ya?ml$/i.test(n)).sort()) {
    problems.push({
      code: 'misnamed-file',
      message: "is in a subfolder: a policy's files sit beside policy.yaml (earlier versions, versions/<version>/, are loaded from a folder by loadPolicyVersions)",
      file: folder.file(name),
      line: 0,
      column: 0,
    });
  }
  // vocabulary.yml would be read as a rule file and fail there, far from the mistake.
  if (names.includes('vocabulary.yml')) {
    problems.push({ code: 'misnamed-file', message: `a policy's own vocabulary is read from ${POLICY_VOCABULARY_FILE} (rename it)`, file: folder.file('vocabulary.yml'), line: 0, column: 0 });
  }
  if (total > limits.maxPolicyBytes) {
    problems.push({ code: 'too-large', message: `the policy's files are more than ${formatBytes(limits.maxPolicyBytes)} together, over the limit per policy (--max-policy-size)`, file: folder.shown, line: 0, column: 0 });
  }
  if (problems.length > 0 || !manifest) throw new PolicyLoadError(problems);
  const files = { manifest, ruleFiles: ruleFiles as PolicyFileText[], ...(sourceText && { sourceText }), ...(vocabulary && { vocabulary }), ...(calendar && { calendar }) };
  // Only files the folder holds are hashed: a policy without its own vocabulary keeps its digest.
  const hashed = policyFiles(files).map(({ name, text }) => `${name}\0${text}\0`).join('');
  return { ...files, digest: `sha256:${sha256Hex(`${hashed}vocabulary\0${vocabularyText}`)}` };
}

/** Every file of a policy's texts, in the order they are hashed: manifest, rule files, vocabulary, calendar, text. */
export function policyFiles(texts: Omit<PolicyTexts, 'digest'>): PolicyFileText[] {
  return [texts.manifest, ...texts.ruleFiles, ...[texts.vocabulary, texts.calendar, texts.sourceText].filter((f) => f !== undefined)];
}

/** A policy's files given as texts, keyed by file name (`policy.yaml`, `rules.yaml`, ...). */
export function textsFolder(files: Readonly<Record<string, string>>, shown = ''): PolicyFolder {
  const file = (name: string) => (shown === '' ? name : `${shown}/${name}`);
  return {
    names: Object.keys(files),
    shown: shown === '' ? '.' : shown,
    file,
    read(name, maxBytes) {
      const text = files[name];
      const problem = (code: string, message: string): FileText => ({ problem: { code, message, file: file(name), line: 0, column: 0 } });
      if (typeof text !== 'string') return problem('not-text', `is ${text === null ? 'null' : typeof text}, not the file's text (a string)`);
      const bytes = new TextEncoder().encode(text).length;
      return bytes > maxBytes ? problem('too-large', tooLarge(bytes, maxBytes)) : { text, bytes };
    },
  };
}

/**
 * Parses and checks a policy's texts. Every problem of every file is collected and thrown
 * together as one PolicyLoadError; nothing is returned unless everything is right.
 */
export function checkPolicyTexts(dir: string, texts: PolicyTexts, vocabulary: Vocabulary, parent?: CheckedPolicy): CheckedPolicy {
  const diagnostics: Diagnostic[] = [];
  const parse = ({ file, text }: PolicyFileText): SourceFile => {
    const source = parseSource(file, text);
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
  if (texts.calendar) {
    const source = parse(texts.calendar);
    const parsed = source.diagnostics.length > 0 ? undefined : CalendarSchema.safeParse(source.value);
    if (parsed && !parsed.success) diagnostics.push(...zodDiagnostics(source, parsed.error.issues));
    // The calendar's days are the manifest's closure days too: one list for every reader.
    if (parsed?.success && manifest) manifest = { ...manifest, closureDays: closureDaysOf(manifest.closureDays, parsed.data) };
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

  // The policy's terms: those it is read with (its parent's, else the shared ones) and its own.
  const baseVocabulary = parent?.vocabulary ?? vocabulary;
  let policyVocabulary = baseVocabulary;
  if (texts.vocabulary) {
    const baseName = parent ? `the vocabulary of ${parent.manifest.id}` : 'the shared vocabulary';
    const extended = extendVocabulary(baseVocabulary, texts.vocabulary.file, texts.vocabulary.text, baseName);
    // Without its terms, the rules' use of them would only repeat the vocabulary's problems.
    if (!extended.vocabulary) throw new PolicyLoadError([...diagnostics, ...extended.diagnostics]);
    policyVocabulary = extended.vocabulary;
  }

  const checkedManifest = manifest && { source: manifestSource, value: manifest };
  if (manifest?.extends !== undefined && !parent) {
    // Only the loaders that can find a parent (loadPolicy, loadPolicyFromSources) resolve extends.
    diagnostics.push({ code: 'unknown-parent', message: `extends "${manifest.extends}" is not resolved here: load this policy with loadPolicy or loadPolicyFromSources`, file: manifestSource.file, ...manifestSource.locate(['extends']) });
  }
  diagnostics.push(...checkPolicy(checkedManifest, ruleFiles, policyVocabulary, allRuleFilesParsed, parent));
  if (checkedManifest) {
    const text = texts.sourceText && { file: texts.sourceText.file, text: texts.sourceText.text };
    diagnostics.push(...checkLedgerText(checkedManifest, text));
  }
  if (diagnostics.length > 0 || !manifest) throw new PolicyLoadError(diagnostics);

  const rules = ruleFiles.flatMap(({ source, rules }) =>
    rules.map((rule, i) => ({ ...rule, file: source.file, line: source.locate(['rules', i]).line })),
  );
  if (!parent) return { dir, manifest, rules, digest: texts.digest, vocabulary: policyVocabulary };
  // The school's identity is its own; what it is made of includes the parent's texts.
  const digest = `sha256:${sha256Hex(`${texts.digest}\0extends\0${parent.digest}`)}`;
  return { dir, ...inherit(parent, manifest, rules), digest, vocabulary: policyVocabulary };
}

/** The manifest's closure days and the calendar's, sorted, each once. */
function closureDaysOf(listed: string[] | undefined, calendar: Calendar): string[] {
  const days = calendar.closureDays.map((d) => (typeof d === 'string' ? d : d.date));
  return [...new Set([...(listed ?? []), ...days])].sort();
}

/**
 * checkPolicyTexts for a policy that may extend another: the parent its `extends:` names is
 * loaded with `loadParent` first. An unknown parent, a cycle, or a parent that does not load is
 * a PolicyLoadError at the `extends:` line (followed by the parent's own problems).
 */
export async function checkPolicyTextsExtending(dir: string, texts: PolicyTexts, vocabulary: Vocabulary, loadParent: ParentLoader): Promise<CheckedPolicy> {
  const named = extendsOf(parseSource(texts.manifest.file, texts.manifest.text));
  if (!named) return checkPolicyTexts(dir, texts, vocabulary);
  let parent: CheckedPolicy;
  try {
    parent = await loadParent(named.ref);
  } catch (error) {
    const at = (code: string, message: string): Diagnostic => ({ code, message: `extends "${named.ref}": ${message}`, ...named.at });
    if (error instanceof ParentError) throw new PolicyLoadError([at(error.code, error.message)]);
    if (error instanceof PolicyLoadError) {
      const n = error.diagnostics.length;
      throw new PolicyLoadError([at('parent-failed', `the policy it extends does not load (${n} problem${n === 1 ? '' : 's'}, listed too)`), ...error.diagnostics]);
    }
    throw error;
  }
  return checkPolicyTexts(dir, texts, vocabulary, parent);
}
