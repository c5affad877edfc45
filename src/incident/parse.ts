import type { z } from 'zod';
import { describePath, parseSource } from '../policy/source.js';
import { bundledVocabulary } from '../vocabulary/load.js';
import { didYouMeanTerm } from '../vocabulary/aliases.js';
import type { CatalogueName, Vocabulary } from '../vocabulary/schema.js';
import { makeIncidentSchema, type Incident } from './schema.js';

/** One problem with an incident, with its path (and, when parsed from text, its position). */
export interface IncidentIssue {
  code: string;
  path: (string | number)[];
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** Thrown by `parseIncident` with every problem found; nothing of the incident is used. */
export class InvalidIncidentError extends Error {
  readonly issues: IncidentIssue[];
  constructor(issues: IncidentIssue[]) {
    super(`invalid incident:\n${issues.map(formatIncidentIssue).join('\n')}`);
    this.name = 'InvalidIncidentError';
    this.issues = issues;
  }
}

export function formatIncidentIssue(issue: IncidentIssue): string {
  const where = issue.file ? `${issue.file}:${issue.line ?? 0}:${issue.column ?? 0}: ` : '';
  return `${where}${describePath(issue.path)}: ${issue.message}`;
}

const schemas = new WeakMap<Vocabulary, ReturnType<typeof makeIncidentSchema>>();

function schemaFor(vocabulary: Vocabulary) {
  let schema = schemas.get(vocabulary);
  if (!schema) schemas.set(vocabulary, (schema = makeIncidentSchema(vocabulary)));
  return schema;
}

const CATALOGUE_OF_FIELD: Record<string, CatalogueName> = {
  activities: 'activities',
  technologies: 'technologies',
  role: 'roles',
  involvement: 'involvement',
};

/**
 * Validates an incident (a plain value, e.g. from JSON) against the shared vocabulary.
 * Returns the incident with only its known facts; throws InvalidIncidentError listing every problem.
 */
export function parseIncident(input: unknown, vocabulary: Vocabulary = bundledVocabulary()): Incident {
  const schema = schemaFor(vocabulary);
  // Without reportInput, parsing is about twice as fast; only a failed parse needs the input
  // in its issues (for "unknown activity ..." messages), so only then is it parsed again.
  const result = schema.safeParse(input);
  if (!result.success) {
    const detailed = schema.safeParse(input, { reportInput: true });
    throw new InvalidIncidentError(incidentIssues((detailed.error ?? result.error).issues, vocabulary));
  }
  const { facts, ...rest } = result.data;
  const given: Record<string, boolean> = {};
  for (const name of Object.keys(facts)) {
    const value = (facts as Record<string, boolean | null | undefined>)[name];
    if (typeof value === 'boolean') given[name] = value;
  }
  const { technologies, facts: implied } = withImplications(rest.technologies, given, vocabulary);
  const known: Record<string, boolean> = {};
  for (const name of Object.keys(implied).sort()) known[name] = implied[name]!;
  return { ...rest, technologies, facts: known } as Incident;
}

/**
 * The incident's technologies and facts with what its technologies imply (the vocabulary's
 * `implies`): an app on a personal phone is a use of the phone, on a personal device. A fact the
 * incident gives is kept as given; an implied technology is added after those named.
 */
function withImplications(named: string[], facts: Record<string, boolean>, vocabulary: Vocabulary): { technologies: string[]; facts: Record<string, boolean> } {
  if (Object.keys(vocabulary.implies).length === 0) return { technologies: named, facts };
  const technologies = [...named];
  const out = { ...facts };
  for (let i = 0; i < technologies.length; i++) {
    const implies = Object.hasOwn(vocabulary.implies, technologies[i]!) ? vocabulary.implies[technologies[i]!]! : undefined;
    if (!implies) continue;
    for (const t of implies.technologies ?? []) if (!technologies.includes(t)) technologies.push(t);
    for (const [fact, value] of Object.entries(implies.facts ?? {})) if (!Object.hasOwn(out, fact)) out[fact] = value;
  }
  return { technologies, facts: out };
}

/** Parses an incident from YAML or JSON text; issues carry file, line and column. */
export function parseIncidentText(text: string, file = '<incident>', vocabulary: Vocabulary = bundledVocabulary()): Incident {
  const source = parseSource(file, text);
  if (source.diagnostics.length > 0) {
    throw new InvalidIncidentError(
      source.diagnostics.map((d) => ({ code: d.code, path: [], message: d.message, file, line: d.line, column: d.column })),
    );
  }
  try {
    return parseIncident(source.value, vocabulary);
  } catch (error) {
    if (!(error instanceof InvalidIncidentError)) throw error;
    throw new InvalidIncidentError(
      error.issues.map((issue) => {
        const key = issue.code === 'unknown-key' ? String(issue.path[issue.path.length - 1]) : undefined;
        const path = key === undefined ? issue.path : issue.path.slice(0, -1);
        return { ...issue, file, ...source.locate(path, key) };
      }),
    );
  }
}

function incidentIssues(issues: readonly z.core.$ZodIssue[], vocabulary: Vocabulary): IncidentIssue[] {
  const out: IncidentIssue[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys') {
      const inFacts = path.length === 1 && path[0] === 'facts';
      for (const key of issue.keys) {
        const message = inFacts
          ? `unknown fact "${key}"${didYouMeanTerm(key, vocabulary, 'facts')}`
          : `unknown field "${key}"`;
        out.push({ code: 'unknown-key', path: [...path, key], message });
      }
      continue;
    }
    if (issue.code === 'invalid_value') {
      const field = [...path].reverse().find((p): p is string => typeof p === 'string') ?? '';
      const catalogue = CATALOGUE_OF_FIELD[field];
      if (catalogue) {
        const noun = catalogue === 'activities' ? 'activity' : catalogue === 'technologies' ? 'technology' : field;
        out.push({
          code: 'unknown-term',
          path,
          message: `unknown ${noun} ${JSON.stringify(issue.input)}${didYouMeanTerm(String(issue.input), vocabulary, catalogue)}`,
        });
        continue;
      }
    }
    out.push({ code: 'invalid-value', path, message: issue.message });
  }
  return out;
}
