import * as z from 'zod';
import { TermId } from '../vocabulary/schema.js';
import { parseSpan } from './durations.js';

export const Modality = z.enum(['must', 'should', 'may']);
export type Modality = z.infer<typeof Modality>;

/** The words a clause uses for its force, as written in the policy. */
export const ModalityWord = z.enum(['must', 'will', 'should', 'may', 'likely to', 'normally', 'always', 'need to', 'expected to']);

// A real calendar date: 2026-02-30 is refused as well as 30/02/2026.
const IsoDate = z.iso.date({ error: 'not a real date written YYYY-MM-DD' });

/** A span the school gives a timing: "PT1H", "PT30M", "P1D", "1 working day", "2 days". */
const SpanText = z.string().refine((text) => parseSpan(text) !== undefined, {
  error: 'not a duration: write an ISO 8601 duration (PT1H, PT30M, P1D) or "N working days" / "N days"',
});

/**
 * The school's calendar (`calendar.yaml` beside the manifest): the days it is closed, each a date
 * or a date with what it is, kept apart from the manifest so that it can be replaced every year.
 */
export const CalendarSchema = z.strictObject({
  closureDays: z.array(
    z.union([IsoDate, z.strictObject({ date: IsoDate, label: z.string().min(1) })], {
      error: 'not a closure day: write a real date as YYYY-MM-DD, or { date: YYYY-MM-DD, label: what the day is }',
    }),
  ),
});
export type Calendar = z.infer<typeof CalendarSchema>;

/** What the school's timings mean, as spans from the moment an incident is reported. */
export const TimingsSchema = z.strictObject({
  immediately: SpanText.optional(),
  promptly: SpanText.optional(),
});

/** A named person or service for a target, e.g. the LADO "via Somerset Direct". */
export const ContactSchema = z.strictObject({
  name: z.string().min(1).optional(),
  role: z.string().min(1),
  /** A telephone number, where the school records one (neither bundled policy gives one). */
  phone: z.string().min(1).optional(),
  route: z.string().min(1).optional(),
  /** When the route applies, as the policy says it (e.g. "where pupil involved"). */
  applies: z.string().min(1).optional(),
});

/** One duty-bearing clause of the source policy: the ledger entry that rules cite. */
export const ClauseSchema = z.strictObject({
  id: TermId,
  section: z.string().min(1),
  label: z.string().min(1),
  says: ModalityWord.optional(),
  /** Why this clause has no rule (e.g. it is not triggered by an incident). */
  notExecutable: z.string().min(1).optional(),
  /**
   * The clause's words in the policy's text (source.txt beside the manifest), exactly as written:
   * a sentence or a phrase. Checked at load (docs/text-coverage.md says how it is matched).
   */
  quote: z.string().min(1).optional(),
  /** Where the quote alone occurs more than once: the heading (a whole line of the text) it is found after. */
  quoteUnder: z.string().min(1).optional(),
  /** A reading taken of the clause's words (e.g. who counts as "staff"), for a person to confirm. */
  note: z.string().min(1).optional(),
  /**
   * The policy leaves this clause to each policy that extends it (a trust's to its schools): it
   * needs no rule here, and a school's rules may implement it (docs/your-school.md, Inheritance).
   */
  delegated: z.boolean().optional(),
  /**
   * A policy that extends this one may add rules citing this clause, but may not replace or
   * override the rules that implement it (its outcomes cannot be weakened or removed).
   */
  locked: z.boolean().optional(),
});

/** A sentence of an incident-related section that no clause quotes, and why. */
export const OutOfScopeSchema = z.strictObject({
  quote: z.string().min(1),
  quoteUnder: z.string().min(1).optional(),
  reason: z.string().min(1),
});

/** One incident-related section of the text: from its heading line to the `until` heading (or the end). */
export const TextSectionSchema = z.strictObject({
  heading: z.string().min(1),
  until: z.string().min(1).optional(),
});

/** Which sections of the text the ledger accounts for, sentence by sentence (docs/text-coverage.md). */
export const TextCoverageSchema = z.strictObject({
  sections: z.array(TextSectionSchema).min(1),
  outOfScope: z.array(OutOfScopeSchema).default([]),
});

/**
 * Who the policy applies to (its scope sentence, as roles of the shared vocabulary), and the
 * routes it names for none of some subjects (e.g. no allegations route for an adult). A decision
 * on conduct by anyone else warns that it is outside the policy's scope; one on a subject the
 * policy names no route for warns with the declared note. Data, not code: each policy says its own.
 */
export const ScopeSchema = z.strictObject({
  /** The clause of the ledger that states the scope. */
  clause: TermId,
  roles: z.array(TermId).min(1),
  noRoute: z
    .array(
      z.strictObject({
        /** Subjects (roles) the note is about. */
        subjects: z.array(TermId).min(1),
        /** What the policy does not say, and where to look instead; shown as the warning. */
        note: z.string().min(1),
      }),
    )
    .default([]),
});

/**
 * The marks of a communication-technologies table cell (eLiM's "Communication Technologies"
 * table): allowed, allowed at certain times, allowed for select staff, allowed with staff
 * permission, not allowed. A cell may carry more than one.
 */
export const PermissionMark = z.enum(['allowed', 'certain-times', 'select-staff', 'staff-permission', 'not-allowed']);
export type PermissionMark = z.infer<typeof PermissionMark>;

/** One column of the table: its heading as written and the roles it covers. */
export const TechnologyColumnSchema = z.strictObject({
  heading: z.string().min(1),
  roles: z.array(TermId).min(1),
});

/** One row of the table: a technology (vocabulary term), the clause it is, and each column's marks. */
export const TechnologyRowSchema = z.strictObject({
  technology: TermId,
  clause: TermId,
  staff: z.array(PermissionMark).min(1),
  pupil: z.array(PermissionMark).min(1),
});

export const TECHNOLOGY_COLUMNS = ['staff', 'pupil'] as const;
export type TechnologyColumn = (typeof TECHNOLOGY_COLUMNS)[number];

export const CommunicationTechnologiesSchema = z.strictObject({
  columns: z.strictObject({ staff: TechnologyColumnSchema, pupil: TechnologyColumnSchema }),
  rows: z.array(TechnologyRowSchema).min(1),
});

export const ManifestSchema = z
  .strictObject({
    /**
     * The policy this one extends (a school's trust): a bundled policy's id, or a folder as a
     * relative path (`../trust`). Its rules, ledger and contacts are this policy's too.
     */
    extends: z.string().min(1).optional(),
    id: TermId,
    title: z.string().min(1),
    owner: z.string().min(1),
    version: z.string().min(1),
    approvedOn: IsoDate.nullable(),
    approvedBy: z.string().min(1).optional(),
    /** The review date as the policy writes it (e.g. "Summer 2023"). */
    nextReviewDueAsWritten: z.string().min(1).optional(),
    /** The date used for the review warning; null when the policy leaves it blank. */
    nextReviewDue: IsoDate.nullable(),
    source: z.string().min(1),
    /** Named contacts, keyed by outcome target. */
    contacts: z.record(TermId, ContactSchema).default({}),
    /** The clause ledger: at least one clause, unless the policy extends another (whose ledger it has). */
    clauses: z.array(ClauseSchema).default([]),
    /** Who the policy applies to (optional); see ScopeSchema. */
    scope: ScopeSchema.optional(),
    /** Which communication technologies each role may use, as a table (optional). */
    communicationTechnologies: CommunicationTechnologiesSchema.optional(),
    /** The incident-related sections of source.txt and the sentences no clause quotes. */
    textCoverage: TextCoverageSchema.optional(),
    /**
     * What "immediately" and "promptly" mean for this school, from the moment an incident is
     * reported (optional). With them, and an incident's `reportedAt`, outcomes get `dueBy`.
     */
    timings: TimingsSchema.optional(),
    /** Days the school is closed (bank holidays, INSET days), skipped by working days; more may be in calendar.yaml. */
    closureDays: z.array(IsoDate).optional(),
  })
  .check((ctx) => {
    if (ctx.value.extends === undefined && ctx.value.clauses.length === 0) {
      ctx.issues.push({ code: 'custom', input: ctx.value.clauses, path: ['clauses'], message: 'a policy that extends none has at least one clause in its ledger' });
    }
  });


/**
 * The closed condition language. Each condition is exactly one of these keys.
 * Roles are tested by involvement: `subject: staff` means a subject of the incident is staff.
 */
export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  activity?: string;
  fact?: string;
  technology?: string;
  subject?: string;
  affected?: string;
  reporter?: string;
  witness?: string;
  involves?: string;
}

export const CONDITION_KEYS = ['all', 'any', 'not', 'activity', 'fact', 'technology', 'subject', 'affected', 'reporter', 'witness', 'involves'] as const;
export const ROLE_KEYS = ['subject', 'affected', 'reporter', 'witness', 'involves'] as const;

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      all: z.array(ConditionSchema).min(1, 'an "all" group must not be empty').optional(),
      any: z.array(ConditionSchema).min(1, 'an "any" group must not be empty').optional(),
      not: ConditionSchema.optional(),
      activity: TermId.optional(),
      fact: TermId.optional(),
      technology: TermId.optional(),
      subject: TermId.optional(),
      affected: TermId.optional(),
      reporter: TermId.optional(),
      witness: TermId.optional(),
      involves: TermId.optional(),
    })
    .check((ctx) => {
      const present = Object.keys(ctx.value).filter((k) => (ctx.value as Record<string, unknown>)[k] !== undefined);
      if (present.length !== 1) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `a condition has exactly one of: ${CONDITION_KEYS.join(', ')} (found ${present.length === 0 ? 'none' : present.join(', ')})`,
        });
      }
    }),
).meta({ id: 'Condition' });

export const OUTCOME_KINDS = ['classification', 'referral', 'sanction', 'notification', 'obligation', 'prohibition', 'judgement'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Which vocabulary catalogue an outcome kind's term comes from. */
export const OUTCOME_CATALOGUE = {
  classification: 'classifications',
  referral: 'targets',
  sanction: 'sanctions',
  notification: 'targets',
  obligation: 'duties',
  prohibition: 'duties',
  judgement: 'judgements',
} as const satisfies Record<OutcomeKind, string>;

export const Timing = z.enum(['immediately', 'promptly']);

/** One optional field per outcome kind: `referral: lado`, `sanction: ...` and so on. */
export const outcomeKindFields = Object.fromEntries(OUTCOME_KINDS.map((k) => [k, TermId.optional()])) as Record<
  OutcomeKind,
  z.ZodOptional<typeof TermId>
>;

/** A zod check that exactly one outcome kind is given (`what` names the thing, e.g. "an outcome"). */
export function exactlyOneOutcomeKind(what: string) {
  return (ctx: z.core.ParsePayload<Partial<Record<OutcomeKind, string>>>) => {
    const kinds = OUTCOME_KINDS.filter((k) => ctx.value[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `${what} names exactly one of: ${OUTCOME_KINDS.join(', ')} (found ${kinds.length === 0 ? 'none' : kinds.join(', ')})`,
      });
    }
  };
}

export const OutcomeSpecSchema = z
  .strictObject({
    ...outcomeKindFields,
    /** Overrides the rule's modality for this outcome. */
    modality: Modality.optional(),
    /** Who carries it out or decides (a target), where the policy names them. */
    by: TermId.optional(),
    timing: Timing.optional(),
  })
  .check(exactlyOneOutcomeKind('an outcome'));

export const RuleSchema = z.strictObject({
  id: TermId,
  /** The clause id (from the manifest's ledger) this rule implements. */
  cite: TermId,
  label: z.string().min(1),
  /** Default modality for the rule's outcomes. */
  modality: Modality.optional(),
  when: ConditionSchema,
  /**
   * An exception (default logic, as Catala has it): when this condition is known to hold, the
   * rule does not apply; when it is unknown, the rule applies with this caveat and the decision
   * asks the question that would settle it.
   */
  unless: ConditionSchema.optional(),
  /** Rules this rule defeats: where this rule applies, they do not (no cycles). */
  override: z.array(TermId).min(1).optional(),
  then: z.array(OutcomeSpecSchema).min(1),
});

export const RuleFileSchema = z.strictObject({
  rules: z.array(RuleSchema).min(1),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type Clause = z.infer<typeof ClauseSchema>;
export type TextCoverageSpec = z.infer<typeof TextCoverageSchema>;
export type OutOfScope = z.infer<typeof OutOfScopeSchema>;
export type Contact = z.infer<typeof ContactSchema>;
export type OutcomeSpec = z.infer<typeof OutcomeSpecSchema>;
export type Rule = z.infer<typeof RuleSchema>;
export type RuleFile = z.infer<typeof RuleFileSchema>;
export type Timing = z.infer<typeof Timing>;
export type Scope = z.infer<typeof ScopeSchema>;
export type CommunicationTechnologies = z.infer<typeof CommunicationTechnologiesSchema>;
export type TechnologyRow = z.infer<typeof TechnologyRowSchema>;
