import * as z from 'zod';
import { TermId, type Vocabulary } from '../vocabulary/schema.js';

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

/** An incident as written (facts may be null). */
export type IncidentInput = z.input<typeof IncidentSchema>;

/** A parsed incident: facts hold only the known ones. */
export interface Incident {
  id?: string;
  date?: string;
  reportedAt?: string;
  summary?: string;
  people: { role: string; involvement: string; name?: string }[];
  activities: string[];
  technologies: string[];
  facts: Record<string, boolean>;
}
