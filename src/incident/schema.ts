import * as z from 'zod';
import { TermId, type Vocabulary } from '../vocabulary/schema.js';
import type { VocabularyTerms } from '../vocabulary/types.js';

/**
 * The incident schema. With a vocabulary, terms are closed enums (used for the published JSON
 * Schema and for validation); without one, any kebab-case id (used for the static type).
 */
export function makeIncidentSchema(vocabulary?: Vocabulary) {
  const term = (catalogue?: Record<string, unknown>) => {
    const ids = catalogue ? Object.keys(catalogue).sort() : [];
    // A short message: zod's own lists every id, for every wrong one (parse.ts writes the real one).
    return ids.length > 0 ? z.enum(ids as [string, ...string[]], { error: 'not a known term' }) : TermId;
  };
  const factNames = vocabulary ? Object.keys(vocabulary.facts).sort() : [];
  const facts =
    factNames.length > 0
      ? z.strictObject(Object.fromEntries(factNames.map((f) => [f, z.boolean().nullable().optional()])))
      : z.record(TermId, z.boolean().nullable());
  return z.strictObject({
    /** Your own reference for the incident; echoed in the decision. */
    id: z.string().min(1).optional(),
    /** When it happened (ISO date). */
    date: z.iso.date().optional(),
    /** When it was reported to the school (ISO 8601 with an offset): due times count from it. */
    reportedAt: z.iso.datetime({ offset: true }).optional(),
    summary: z.string().optional(),
    people: z
      .array(
        z.strictObject({
          role: term(vocabulary?.roles),
          involvement: term(vocabulary?.involvement),
          name: z.string().optional(),
        }),
      )
      .default([]),
    activities: z.array(term(vocabulary?.activities)).min(1, 'an incident names at least one activity'),
    technologies: z.array(term(vocabulary?.technologies)).default([]),
    /** true or false when known; absent (or null) means unknown, never false. */
    facts: facts.default({}),
  });
}

export const IncidentSchema = makeIncidentSchema();

/**
 * An incident as written (facts may be null), in the terms of a vocabulary: any term inside the
 * library (which serves every vocabulary); the public API (index.ts) defaults to the package's
 * own terms, so that a user's misspelt term fails to compile. The same shape as
 * `IncidentSchema`'s input (tests/types/incident.test-d.ts holds them together).
 */
export interface IncidentInput<T extends VocabularyTerms = VocabularyTerms> {
  /** Your own reference for the incident; echoed in the decision. */
  id?: string;
  /** When it happened (ISO date). */
  date?: string;
  summary?: string;
  people?: { role: T['role']; involvement: T['involvement']; name?: string }[];
  activities: T['activity'][];
  technologies?: T['technology'][];
  /** true or false when known; absent (or null) means unknown, never false. */
  facts?: { [F in T['fact']]?: boolean | null };
}

/** A parsed incident: facts hold only the known ones. */
export interface Incident<T extends VocabularyTerms = VocabularyTerms> {
  id?: string;
  date?: string;
  reportedAt?: string;
  summary?: string;
  people: { role: T['role']; involvement: T['involvement']; name?: string }[];
  activities: T['activity'][];
  technologies: T['technology'][];
  facts: { [F in T['fact']]?: boolean };
}
