import * as z from 'zod';
import { ContactSchema, Modality, Timing } from '../policy/schema.js';

export const ReasonSchema = z.strictObject({
  /** The rule that produced the outcome. */
  rule: z.string(),
  /** The clause of the policy the rule implements (an id of the manifest's ledger). */
  cite: z.string(),
  /**
   * The policy the rule and clause come from (its id), given only when the deciding policy
   * extends another: a school's own rule, or its trust's.
   */
  policy: z.string().optional(),
});

export const CaveatSchema = z.strictObject({
  /** The rule whose exception it is (its `unless`), or the rule that would override. */
  rule: z.string(),
  /** The exception in words: "it was a planned curriculum activity". */
  says: z.string(),
});

export const OutcomeSchema = z.strictObject({
  kind: z.enum(['classification', 'referral', 'sanction', 'notification', 'obligation', 'prohibition', 'judgement']),
  /** The vocabulary term the outcome is about: who is referred or told, which sanction, duty, class or judgement. */
  target: z.string(),
  /** The term's one-line description from the vocabulary. */
  label: z.string(),
  modality: Modality,
  /** Who carries it out or decides, where the policy names them. */
  by: z.string().optional(),
  timing: Timing.optional(),
  /**
   * When it is due (ISO 8601, in the offset of the incident's `reportedAt`): the timing as the
   * school defines it (manifest `timings`), counted from when the incident was reported.
   */
  dueBy: z.string().optional(),
  /** The named contact for the target, from the policy's manifest. */
  contact: ContactSchema.optional(),
  /**
   * Exceptions that would defeat the outcome, not yet known either way: the outcome stands
   * unless one of them holds (the decision asks about them).
   */
  unless: z.array(CaveatSchema).min(1).optional(),
  because: z.array(ReasonSchema).min(1),
}).meta({ id: 'Outcome' });

export const QuestionSchema = z.strictObject({
  /** The unknown facts, and the values that would change the decision. */
  facts: z.record(z.string(), z.boolean()),
  /** The question to put to the person recording the incident. */
  ask: z.string(),
  /** What the decision would add if the facts were so. */
  wouldAdd: z.array(OutcomeSchema.omit({ label: true, contact: true, unless: true })),
  /** What the decision would no longer require if the facts were so (an exception would hold). */
  wouldRemove: z.array(OutcomeSchema.omit({ label: true, contact: true, unless: true })).optional(),
  /**
   * True when no rule of the policy reads its facts with any of the incident's activities and its
   * answer would not add anything that protects a child: a question not about this incident
   * (the plan ranks it last and the CLI shows it only with --all-questions).
   */
  unrelated: z.literal(true).optional(),
});

export const WarningSchema = z.strictObject({ code: z.string(), message: z.string() });

/**
 * One line of the action plan: one outcome, or every referral and notification to one person or
 * agency folded together, with the strongest force, the earliest timing and all the reasons.
 */
export const PlanLineSchema = z.strictObject({
  /** What to do, in words, without who does it: "Refer to the police", "Log the incident". */
  says: z.string(),
  modality: Modality,
  timing: Timing.optional(),
  /** The earliest due time of the outcomes folded into the line. */
  dueBy: z.string().optional(),
  /** The kinds of the outcomes folded into the line (referral and notification for a person told and referred). */
  kinds: z.array(OutcomeSchema.shape.kind).min(1),
  /** The vocabulary term: who is referred or told, which duty, sanction or judgement. */
  target: z.string(),
  /** Who acts, as the outcomes name them (a folded line may name more than one). */
  by: z.array(z.string()).min(1).optional(),
  contact: ContactSchema.optional(),
  /** Why the line is in Do now: it protects a child, or the policy says immediately. */
  urgent: z.enum(['protects-a-child', 'immediately']).optional(),
  /**
   * The exceptions not yet known that would remove the line ("it was done as part of an
   * authorised investigation"): it stands unless one of them holds. Absent when it stands outright.
   */
  unless: z.array(z.string()).min(1).optional(),
  because: z.array(ReasonSchema).min(1),
}).meta({ id: 'PlanLine' });

/** The lines of Do next for one person who acts (`actor` null: the policy names no one). */
export const PlanGroupSchema = z.strictObject({
  actor: z.string().nullable(),
  /** Who acts, in words: "The Online Safety Lead / Leader". */
  title: z.string(),
  lines: z.array(PlanLineSchema).min(1),
});

/** A question of the decision, ranked, with what its answer would add in words. */
export const PlanQuestionSchema = z.strictObject({
  ask: z.string(),
  facts: z.record(z.string(), z.boolean()),
  /** The strongest force and the earliest timing among what it would add. */
  modality: Modality,
  timing: Timing.optional(),
  /** Whether the answer would refer to, or tell, someone outside the school. */
  outside: z.boolean(),
  /** What the answer would add, in words, with its force: "Refer to the headteacher (must)". */
  wouldAdd: z.array(z.string()),
  /** What the answer would remove (an exception that holds), in the same words. */
  wouldRemove: z.array(z.string()).min(1).optional(),
  /** Not about this incident's activities (see Question.unrelated). */
  unrelated: z.literal(true).optional(),
});

/**
 * How the decision is read by the person who acts on it: Do now (what is immediate and what
 * protects a child, most urgent first), Do next (by who acts), Decide (judgements left to a
 * person) and Ask (the questions, ranked). Generated from the decision's outcomes; the outcomes
 * stay the record.
 */
export const ActionPlanSchema = z.strictObject({
  /** How the policy classifies the incident, in words. */
  classified: z.array(z.string()),
  doNow: z.array(PlanLineSchema),
  doNext: z.array(PlanGroupSchema),
  decide: z.array(PlanLineSchema),
  ask: z.array(PlanQuestionSchema),
}).meta({ id: 'ActionPlan' });

/**
 * Which version of the policy was in force on a date, and why that date: given only when the
 * decision was asked for as of a date (`evaluateAsOf`, `evaluate --as-of`), or a policy that
 * keeps earlier versions was chosen by the incident's `date`.
 */
export const InForceSchema = z.strictObject({
  /** The date the version was chosen for (YYYY-MM-DD). */
  on: z.iso.date(),
  /** Whose date it is: the caller's (`--as-of`) or the incident's own `date`. */
  chosenBy: z.enum(['as-of', 'incident-date']),
  /** When the version in force on that date was approved: the latest approval on or before it. */
  approvedOn: z.iso.date(),
});

export const DecisionSchema = z.strictObject({
  policy: z.strictObject({ id: z.string(), version: z.string(), digest: z.string(), inForce: InForceSchema.optional() }),
  incident: z.strictObject({ id: z.string().nullable() }),
  classification: z.array(OutcomeSchema),
  referrals: z.array(OutcomeSchema),
  sanctions: z.array(OutcomeSchema),
  notifications: z.array(OutcomeSchema),
  obligations: z.array(OutcomeSchema),
  prohibitions: z.array(OutcomeSchema),
  judgements: z.array(OutcomeSchema),
  questions: z.array(QuestionSchema),
  warnings: z.array(WarningSchema),
  plan: ActionPlanSchema,
});

export type Reason = z.infer<typeof ReasonSchema>;
export type Caveat = z.infer<typeof CaveatSchema>;
export type Outcome = z.infer<typeof OutcomeSchema>;
export type OutcomeKind = Outcome['kind'];
export type Question = z.infer<typeof QuestionSchema>;
export type DecisionWarning = z.infer<typeof WarningSchema>;
export type Decision = z.infer<typeof DecisionSchema>;
export type InForce = z.infer<typeof InForceSchema>;
export type PlanLine = z.infer<typeof PlanLineSchema>;
export type PlanGroup = z.infer<typeof PlanGroupSchema>;
export type PlanQuestion = z.infer<typeof PlanQuestionSchema>;
export type ActionPlan = z.infer<typeof ActionPlanSchema>;

/** The decision's group for each outcome kind, in the order the decision lists them. */
export const GROUP_OF_KIND = {
  classification: 'classification',
  referral: 'referrals',
  sanction: 'sanctions',
  notification: 'notifications',
  obligation: 'obligations',
  prohibition: 'prohibitions',
  judgement: 'judgements',
} as const satisfies Record<OutcomeKind, keyof Decision>;
