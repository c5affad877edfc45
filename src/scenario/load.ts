import { relative } from 'node:path';
import type { Policy } from '../engine/policy.js';
import { InvalidIncidentError, parseIncident } from '../incident/parse.js';
import type { Incident } from '../incident/schema.js';
import { hints, sortDiagnostics, type Diagnostic } from '../policy/diagnostics.js';
import { readTextFile } from '../policy/files.js';
import { OUTCOME_CATALOGUE, OUTCOME_KINDS } from '../policy/schema.js';
import { parseSource, zodDiagnostics, type SourceFile } from '../policy/source.js';
import { bundledVocabulary } from '../vocabulary/load.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { ScenarioFileSchema, type Expectation, type ScenarioFile } from './schema.js';

/** A scenario file as read: its value only when it has no problem of its own. */
export interface LoadedScenarioFile {
  /** The path as shown in diagnostics (relative to the working folder). */
  file: string;
  /** The absolute path. */
  path: string;
  source?: SourceFile;
  value?: ScenarioFile;
  /** The scenarios' incidents, validated against the vocabulary (same order as `value.scenarios`). */
  incidents: Incident[];
  diagnostics: Diagnostic[];
}

/**
 * Reads a scenario file: YAML with positions, the scenario schema, every incident against the
 * vocabulary, and every term an expectation names. Every problem is collected, positioned.
 */
export function readScenarioFile(path: string, vocabulary: Vocabulary = bundledVocabulary()): LoadedScenarioFile {
  const read = readScenarioText(path);
  if (read.problem) return { file: read.file, path, incidents: [], diagnostics: [read.problem] };
  return parseScenarioText(read.text, read.file, path, vocabulary);
}

/** A scenario file's text, with the path diagnostics show; or the problem that kept it from being read. */
export function readScenarioText(path: string): { file: string; text: string; problem?: undefined } | { file: string; text?: undefined; problem: Diagnostic } {
  const file = relative(process.cwd(), path) || path;
  const read = readTextFile(path, file);
  return read.problem ? { file, problem: read.problem } : { file, text: read.text };
}

/**
 * What a scenario file says before its terms are checked: the policy it names, and its scenarios'
 * names when it has the shape of a scenario file (undefined otherwise). For loading the policy
 * whose vocabulary the file is checked in, and registering tests before that.
 */
export function peekScenarioText(text: string, file: string): { policy?: string; names?: { name: string; cite?: string }[] } {
  const value = parseSource(file, text).value as { policy?: unknown } | null | undefined;
  const policy = value !== null && typeof value === 'object' && typeof value.policy === 'string' ? value.policy : undefined;
  const parsed = ScenarioFileSchema.safeParse(value);
  const names = parsed.success ? parsed.data.scenarios.map(({ name, cite }) => (cite === undefined ? { name } : { name, cite })) : undefined;
  return { ...(policy !== undefined && { policy }), ...(names !== undefined && { names }) };
}

export function parseScenarioText(text: string, file: string, path: string, vocabulary: Vocabulary = bundledVocabulary()): LoadedScenarioFile {
  const source = parseSource(file, text);
  if (source.diagnostics.length > 0) return { file, path, source, incidents: [], diagnostics: source.diagnostics };
  const parsed = ScenarioFileSchema.safeParse(source.value);
  const diagnostics: Diagnostic[] = [];
  const didYouMean = hints();
  if (!parsed.success) diagnostics.push(...zodDiagnostics(source, parsed.error.issues));
  // Incidents and terms are checked even when the schema failed elsewhere, so all problems show at once.
  const top = source.value;
  const raw = typeof top === 'object' && top !== null && Object.hasOwn(top, 'scenarios') ? (top as { scenarios: unknown }).scenarios : undefined;
  const incidents: Incident[] = [];
  if (Array.isArray(raw)) {
    raw.forEach((scenario: unknown, i) => {
      if (typeof scenario !== 'object' || scenario === null) return;
      const s = scenario as Record<string, unknown>;
      if (Object.hasOwn(s, 'incident') && s.incident !== undefined) {
        try {
          incidents[i] = parseIncident(s.incident, vocabulary);
        } catch (error) {
          if (!(error instanceof InvalidIncidentError)) throw error;
          for (const issue of error.issues) {
            const base = ['scenarios', i, 'incident'];
            const key = issue.code === 'unknown-key' ? String(issue.path[issue.path.length - 1]) : undefined;
            const at = key === undefined ? [...base, ...issue.path] : [...base, ...issue.path.slice(0, -1)];
            diagnostics.push({ code: issue.code, message: `incident: ${issue.message}`, file, ...source.locate(at, key) });
          }
        }
      }
      for (const list of ['expect', 'forbid'] as const) {
        const items = Object.hasOwn(s, list) ? s[list] : undefined;
        if (!Array.isArray(items)) continue;
        items.forEach((item: unknown, j) => {
          if (typeof item === 'object' && item !== null) {
            diagnostics.push(...expectationTermDiagnostics(item as Expectation, ['scenarios', i, list, j], source, vocabulary, didYouMean));
          }
        });
      }
      if (Object.hasOwn(s, 'asks') && Array.isArray(s.asks)) {
        s.asks.forEach((fact: unknown, j) => {
          if (typeof fact === 'string' && !Object.hasOwn(vocabulary.facts, fact)) {
            diagnostics.push({
              code: 'unknown-term',
              message: `asks: unknown fact "${fact}"${didYouMean(fact, () => Object.keys(vocabulary.facts))}`,
              file,
              ...source.locate(['scenarios', i, 'asks', j]),
            });
          }
        });
      }
    });
  }
  if (diagnostics.length > 0 || !parsed.success) return { file, path, source, incidents: [], diagnostics: sortDiagnostics(diagnostics) };
  return { file, path, source, value: parsed.data, incidents, diagnostics: [] };
}

/** A misspelt term would make a `forbid` pass whatever the policy says: reject it. */
function expectationTermDiagnostics(
  e: Expectation,
  path: (string | number)[],
  source: SourceFile,
  vocabulary: Vocabulary,
  didYouMean: ReturnType<typeof hints>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const kind = OUTCOME_KINDS.find((k) => Object.hasOwn(e, k) && typeof e[k] === 'string');
  if (kind) {
    const catalogue = vocabulary[OUTCOME_CATALOGUE[kind]];
    const term = e[kind]!;
    if (!Object.hasOwn(catalogue, term)) {
      const noun = OUTCOME_CATALOGUE[kind] === 'targets' ? `${kind} target` : kind;
      out.push({ code: 'unknown-term', message: `unknown ${noun} "${term}"${didYouMean(term, () => Object.keys(catalogue))}`, file: source.file, ...source.locate([...path, kind]) });
    }
  }
  if (Object.hasOwn(e, 'by') && typeof e.by === 'string' && !Object.hasOwn(vocabulary.targets, e.by)) {
    out.push({ code: 'unknown-term', message: `unknown target "${e.by}"${didYouMean(e.by, () => Object.keys(vocabulary.targets))}`, file: source.file, ...source.locate([...path, 'by']) });
  }
  return out;
}

/** Checks a valid scenario file against its policy: every `cite` must be a clause of its ledger. */
export function checkScenarioCites(loaded: LoadedScenarioFile, policy: Policy): Diagnostic[] {
  const { value, source } = loaded;
  if (!value || !source) return [];
  const clauses = new Set(policy.manifest.clauses.map((c) => c.id));
  const out: Diagnostic[] = [];
  const didYouMean = hints();
  const check = (cite: string | undefined, path: (string | number)[]) => {
    if (cite !== undefined && !clauses.has(cite)) {
      out.push({
        code: 'unknown-clause',
        message: `cite "${cite}" names no clause of ${policy.id}${didYouMean(cite, () => clauses)}`,
        file: loaded.file,
        ...source.locate(path),
      });
    }
  };
  value.scenarios.forEach((s, i) => {
    check(s.cite, ['scenarios', i, 'cite']);
    for (const list of ['expect', 'forbid'] as const) s[list].forEach((e, j) => check(e.cite, ['scenarios', i, list, j, 'cite']));
  });
  return out;
}
