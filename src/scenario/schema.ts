import * as z from 'zod';
import { IncidentSchema } from '../incident/schema.js';
import { exactlyOneOutcomeKind, Modality, outcomeKindFields } from '../policy/schema.js';
import { TermId } from '../vocabulary/schema.js';

/**
 * One expected (or forbidden) outcome, written like a rule's outcome: exactly one of
 * `referral: lado`, `sanction: ...`, etc., optionally with the modality and the clause it must cite.
 */
export const ExpectationSchema = z
  .strictObject({
    ...outcomeKindFields,
    modality: Modality.optional(),
    by: TermId.optional(),
    /** The outcome must (for expect) / must not (for forbid) be given because of this clause. */
    cite: TermId.optional(),
  })
  .check(exactlyOneOutcomeKind('an expectation'));

export const ScenarioSchema = z.strictObject({
  /** The story, in plain words. */
  name: z.string().min(1),
  /** The clause of the policy this scenario checks. */
  cite: TermId.optional(),
  /** The evaluation date (default: the file's `today`, else today). */
  today: z.iso.date().optional(),
  incident: IncidentSchema,
  expect: z.array(ExpectationSchema).default([]),
  forbid: z.array(ExpectationSchema).default([]),
  /** When true, the decision's outcomes must be exactly those in `expect` (no more). */
  exactly: z.boolean().default(false),
  /** Unknown facts the decision must ask about. */
  asks: z.array(TermId).default([]),
  /** Warning codes the decision must give (e.g. outside-scope, no-route). */
  warns: z.array(TermId).default([]),
});

export const ScenarioFileSchema = z.strictObject({
  /** A bundled policy id, or a policy folder relative to this file. */
  policy: z.string().min(1),
  today: z.iso.date().optional(),
  scenarios: z.array(ScenarioSchema).min(1),
});

export type Expectation = z.infer<typeof ExpectationSchema>;
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioFile = z.infer<typeof ScenarioFileSchema>;
