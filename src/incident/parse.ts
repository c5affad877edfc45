import type * as z from 'zod';
import { describePath, parseSource } from '../policy/source.js';
import { bundledVocabulary } from '../bundled/registry.js';
import { termHints } from '../vocabulary/aliases.js';
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

/** The catalogue each term field of an incident takes its ids from, and its noun. */
const CATALOGUE_OF_FIELD = new Map<string, { catalogue: CatalogueName; noun: string }>([
  ['activities', { catalogue: 'activities', noun: 'activity' }],
  ['technologies', { catalogue: 'technologies', noun: 'technology' }],
  ['role', { catalogue: 'roles', noun: 'role' }],
  ['involvement', { catalogue: 'involvement', noun: 'involvement' }],
]);

/** At most this many problems are listed for one incident; the rest are counted in one last issue. */
export const MAX_INCIDENT_ISSUES = 100;

/**
 * Validates an incident (a plain value, e.g. from JSON) against the shared vocabulary.
 * Returns the incident with only its known facts; throws InvalidIncidentError listing every problem.
 * Whatever the input (a BigInt, a cycle, a getter or Proxy that throws, a list nested thousands
 * deep), the only error is InvalidIncidentError; the result is a fresh copy holding only plain data.
 */
export function parseIncident(input: unknown, vocabulary: Vocabulary = bundledVocabulary()): Incident {
  const schema = schemaFor(vocabulary);
  // The schema reads no deeper than an incident's own fields, so only reading the input can
  // throw (a getter, a Proxy): that is an invalid incident too. Issues do not carry the input
  // (reportInput makes parsing twice as slow); a message that shows a value reads it by path.
  let result: ReturnType<typeof schema.safeParse>;
  let issues: IncidentIssue[] | undefined;
  try {
    result = schema.safeParse(input);
    if (!result.success) issues = incidentIssues(result.error.issues, input, vocabulary);
  } catch {
    issues = [{ code: 'unreadable', path: [], message: 'the incident cannot be read as plain data (reading one of its properties failed)' }];
  }
  if (issues !== undefined) throw new InvalidIncidentError(issues);
  if (!result!.success) throw new Error('internal: a failed incident parse gave no issues');
  const { facts, ...rest } = result!.data;
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

function incidentIssues(issues: readonly z.core.$ZodIssue[], incident: unknown, vocabulary: Vocabulary): IncidentIssue[] {
  const out: IncidentIssue[] = [];
  const hint = termHints(vocabulary);
  let count = 0;
  const add = (issue: IncidentIssue) => {
    if (count++ < MAX_INCIDENT_ISSUES) out.push(issue);
  };
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    if (issue.code === 'unrecognized_keys') {
      const inFacts = path.length === 1 && path[0] === 'facts';
      for (const key of issue.keys) {
        const message = inFacts
          ? `unknown fact ${quote(key)}${hint.term(key, 'facts')}`
          : `unknown field ${quote(key)}`;
        add({ code: 'unknown-key', path: [...path, key], message });
      }
      continue;
    }
    if (issue.code === 'invalid_value') {
      const field = [...path].reverse().find((p): p is string => typeof p === 'string') ?? '';
      const term = CATALOGUE_OF_FIELD.get(field);
      if (term) {
        const input = valueAt(incident, issue.path);
        add(
          typeof input === 'string'
            ? { code: 'unknown-term', path, message: `unknown ${term.noun} ${quote(input)}${hint.term(input, term.catalogue)}` }
            : { code: 'invalid-value', path, message: `expected ${term.noun === 'activity' || term.noun === 'involvement' ? 'an' : 'a'} ${term.noun} id, not ${describeValue(input)}` },
        );
        continue;
      }
    }
    add({ code: 'invalid-value', path, message: issue.message });
  }
  if (count > MAX_INCIDENT_ISSUES) {
    const more = count - MAX_INCIDENT_ISSUES;
    out.push({ code: 'too-many-problems', path: [], message: `${more} more problem${more === 1 ? '' : 's'} not listed (the first ${MAX_INCIDENT_ISSUES} are)` });
  }
  return out;
}

/** The value at a path of the input (as zod saw it; only read to describe it). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let node = value;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  return node;
}

/** A string as a message shows it: quoted, and cut short when long. */
function quote(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}

/** What a value is, in words, without converting it (which can throw, or loop). */
function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text ${quote(value)}`;
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return 'a BigInt';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    case 'undefined':
      return 'undefined';
    default:
      return 'an object';
  }
}
