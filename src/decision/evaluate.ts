import { isValid, parseISO, startOfDay } from 'date-fns';
import { candidateRules, fire, hypotheses } from '../engine/compiled.js';
import type { Policy } from '../engine/policy.js';
import { parseIncident } from '../incident/parse.js';
import type { Incident } from '../incident/schema.js';
import type { LoadedRule } from '../policy/read.js';
import { OUTCOME_KINDS } from '../policy/schema.js';
import { compareText, mergeOutcomes, outcomeKey, strongerModality } from './merge.js';
import { GROUP_OF_KIND, type Decision, type DecisionWarning, type Outcome, type Question } from './schema.js';

export interface EvaluateOptions {
  /** The date the decision is made, for date warnings (default: today). Pin it for reproducible output. */
  today?: Date | string;
}

type BareOutcome = Omit<Outcome, 'label' | 'contact'>;

/**
 * Evaluates an incident under a policy: the outcomes the policy requires, each with its force
 * and the clauses it comes from; the questions whose answers would add outcomes; and warnings.
 * The incident may be a raw value: it is validated first (InvalidIncidentError if it is wrong).
 */
export async function evaluate(policy: Policy, input: unknown, options: EvaluateOptions = {}): Promise<Decision> {
  const incident = parseIncident(input, policy.vocabulary);
  const candidates = candidateRules(policy.compiled, incident);
  const fired = await fire(policy.compiled, incident, candidates);
  const found = await hypotheses(policy.compiled, incident, candidates, fired);
  return buildDecision(policy, incident, fired, found, today(options.today));
}

export function ruleOutcomes(rule: LoadedRule): BareOutcome[] {
  return rule.then.map((spec) => {
    const kind = OUTCOME_KINDS.find((k) => spec[k] !== undefined)!;
    const outcome: BareOutcome = {
      kind,
      target: spec[kind]!,
      modality: spec.modality ?? rule.modality!,
      because: [{ rule: rule.id, cite: rule.cite }],
    };
    if (spec.by !== undefined) outcome.by = spec.by;
    if (spec.timing !== undefined) outcome.timing = spec.timing;
    return outcome;
  });
}

function buildDecision(
  policy: Policy,
  incident: Incident,
  fired: Set<string>,
  found: { facts: Record<string, boolean>; rules: string[] }[],
  date: Date,
): Decision {
  const ruleById = new Map(policy.rules.map((r) => [r.id, r]));
  const outcomesOf = (ids: Iterable<string>) => [...ids].sort().flatMap((id) => ruleOutcomes(ruleById.get(id)!));
  const decision: Decision = {
    policy: { id: policy.id, version: policy.version, digest: policy.digest },
    incident: { id: incident.id ?? null },
    classification: [],
    referrals: [],
    sanctions: [],
    notifications: [],
    obligations: [],
    prohibitions: [],
    judgements: [],
    questions: [],
    warnings: [],
  };
  for (const outcome of mergeOutcomes(outcomesOf(fired))) decision[GROUP_OF_KIND[outcome.kind]].push(describe(policy, outcome));
  // A question is worth asking only if its answer adds an outcome, or strengthens one.
  const decided = new Map(OUTCOME_KINDS.flatMap((k) => decision[GROUP_OF_KIND[k]]).map((o) => [outcomeKey(o), o.modality]));
  const adds = (o: BareOutcome) => {
    const present = decided.get(outcomeKey(o));
    return present === undefined || strongerModality(present, o.modality) !== present;
  };
  decision.questions = found
    .map((h): Question => ({ facts: h.facts, ask: askFor(policy, h.facts), wouldAdd: mergeOutcomes(outcomesOf(h.rules)).filter(adds) }))
    .filter((q) => q.wouldAdd.length > 0)
    .sort((a, b) => Object.keys(a.facts).length - Object.keys(b.facts).length || compareText(JSON.stringify(a.facts), JSON.stringify(b.facts)));
  decision.warnings = warnings(policy, incident, date);
  return decision;
}

/** Adds the vocabulary's label and, for people and agencies, the manifest's named contact. */
function describe(policy: Policy, o: BareOutcome): Outcome {
  const v = policy.vocabulary;
  const catalogue = {
    classification: v.classifications,
    referral: v.targets,
    sanction: v.sanctions,
    notification: v.targets,
    obligation: v.duties,
    prohibition: v.duties,
    judgement: v.judgements,
  }[o.kind];
  const { because, ...rest } = o;
  const out: Outcome = { ...rest, label: catalogue[o.target] ?? o.target, because };
  const contact = o.kind === 'referral' || o.kind === 'notification' ? policy.manifest.contacts[o.target] : undefined;
  if (contact) out.contact = contact;
  // Fixed key order, so the JSON is byte-identical whatever order the fields were set in.
  return Object.fromEntries(
    (['kind', 'target', 'label', 'modality', 'by', 'timing', 'contact', 'because'] as const)
      .filter((k) => out[k] !== undefined)
      .map((k) => [k, out[k]]),
  ) as Outcome;
}

function askFor(policy: Policy, facts: Record<string, boolean>): string {
  return Object.entries(facts)
    .map(([name, value]) => {
      const def = policy.vocabulary.facts[name]!;
      const question = def.question ?? `${def.description.replace(/\.$/, '')}?`;
      return `${question} (${value ? 'yes' : 'no'})`;
    })
    .join(' ');
}

function warnings(policy: Policy, incident: Incident, date: Date): DecisionWarning[] {
  const out: DecisionWarning[] = [];
  const m = policy.manifest;
  if (m.nextReviewDue === null) {
    out.push({ code: 'no-review-date', message: `${m.title} records no next review date; check that this is the current version` });
  } else if (startOfDay(parseISO(m.nextReviewDue)) < startOfDay(date)) {
    const written = m.nextReviewDueAsWritten ? ` ("${m.nextReviewDueAsWritten}")` : '';
    out.push({
      code: 'review-overdue',
      message: `${m.title} was due for review by ${m.nextReviewDue}${written}; check that this is the current version`,
    });
  }
  if (!incident.people.some((p) => p.involvement === 'subject')) {
    out.push({ code: 'no-subject', message: 'the incident names no subject (who did it), so rules about who did it cannot apply' });
  }
  return out;
}

function today(value: Date | string | undefined): Date {
  if (value === undefined) return new Date();
  const date = typeof value === 'string' ? parseISO(value) : value;
  if (!isValid(date)) throw new TypeError(`evaluate: "today" is not a valid date: ${String(value)}`);
  return date;
}
