import { isValid, parseISO, startOfDay } from 'date-fns';
import { candidateRules, engineFacts, fire, fireByPredicates, hypotheses, hypothesesByPredicates, type Hypothesis } from '../engine/compiled.js';
import { BoundedCache } from '../engine/bounded-cache.js';
import type { Policy } from '../engine/policy.js';
import { project } from '../engine/projection.js';
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

/** The part of a decision that depends only on the rules that fired and the questions found. */
type DecisionBody = Omit<Decision, 'policy' | 'incident' | 'warnings'>;

/**
 * Evaluates an incident under a policy: the outcomes the policy requires, each with its force
 * and the clauses it comes from; the questions whose answers would add outcomes; and warnings.
 * The incident may be a raw value: it is validated first (InvalidIncidentError if it is wrong).
 *
 * The rules are json-rules-engine rules; this reads them through their compiled predicates
 * (engine/predicate.ts) and remembers the decision per projection of the incident onto what the
 * rules read (engine/projection.ts). `evaluateWithEngine` gives the same decision from
 * json-rules-engine runs; tests/differential.test.ts holds the two to it.
 */
export async function evaluate(policy: Policy, input: unknown, options: EvaluateOptions = {}): Promise<Decision> {
  const incident = parseIncident(input, policy.vocabulary);
  const date = today(options.today);
  const cache = cacheOf(policy);
  const projection = project(policy.compiled, incident);
  let body = cache.byProjection.get(projection.key);
  if (body === undefined) {
    const facts = engineFacts(incident, policy.vocabulary);
    const fired = fireByPredicates(policy.compiled, facts, projection.candidates);
    const found = hypothesesByPredicates(policy.compiled, incident, facts, projection.candidates, fired);
    body = cache.body(policy, fired, found);
    cache.byProjection.set(projection.key, body);
  }
  return assemble(policy, incident, body, date);
}

/**
 * The reference evaluation: every answer from json-rules-engine runs (one for the candidate
 * rules, then one per hypothesis trial), nothing cached. Slow; for the differential tests and
 * the benchmark. Not part of the public API.
 */
export async function evaluateWithEngine(policy: Policy, input: unknown, options: EvaluateOptions = {}): Promise<Decision> {
  const incident = parseIncident(input, policy.vocabulary);
  const date = today(options.today);
  const candidates = candidateRules(policy.compiled, incident);
  const fired = await fire(policy.compiled, incident, candidates);
  const found = await hypotheses(policy.compiled, incident, candidates, fired);
  return assemble(policy, incident, freeze(buildBody(policy, fired, found)), date);
}

/** Bounds: incident projections remembered, and distinct decision bodies kept, per policy. */
const PROJECTIONS_PER_POLICY = 50_000;
const BODIES_PER_POLICY = 5_000;

class DecisionCache {
  readonly byProjection = new BoundedCache<string, DecisionBody>(PROJECTIONS_PER_POLICY);
  // Many projections share one decision; keeping one body per (fired rules, questions found)
  // keeps memory small while the projection cache is large.
  private readonly bodies = new BoundedCache<string, DecisionBody>(BODIES_PER_POLICY);

  body(policy: Policy, fired: Set<string>, found: Hypothesis[]): DecisionBody {
    const key = [
      [...fired].sort().join(','),
      ...found.map((h) => `${JSON.stringify(h.facts)}:${[...h.rules].sort().join(',')}`).sort(),
    ].join('\n');
    let body = this.bodies.get(key);
    if (body === undefined) this.bodies.set(key, (body = freeze(buildBody(policy, fired, found))));
    return body;
  }
}

const caches = new WeakMap<Policy, DecisionCache>();

function cacheOf(policy: Policy): DecisionCache {
  let cache = caches.get(policy);
  if (!cache) caches.set(policy, (cache = new DecisionCache()));
  return cache;
}

/** Forgets every remembered decision of a policy (for the benchmark's cold figures). @internal */
export function forgetDecisions(policy: Policy): void {
  caches.delete(policy);
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

function buildBody(policy: Policy, fired: Set<string>, found: Hypothesis[]): DecisionBody {
  const ruleById = new Map(policy.rules.map((r) => [r.id, r]));
  const outcomesOf = (ids: Iterable<string>) => [...ids].sort().flatMap((id) => ruleOutcomes(ruleById.get(id)!));
  const body: DecisionBody = {
    classification: [],
    referrals: [],
    sanctions: [],
    notifications: [],
    obligations: [],
    prohibitions: [],
    judgements: [],
    questions: [],
  };
  for (const outcome of mergeOutcomes(outcomesOf(fired))) body[GROUP_OF_KIND[outcome.kind]].push(describe(policy, outcome));
  // A question is worth asking only if its answer adds an outcome, or strengthens one.
  const decided = new Map(OUTCOME_KINDS.flatMap((k) => body[GROUP_OF_KIND[k]]).map((o) => [outcomeKey(o), o.modality]));
  const adds = (o: BareOutcome) => {
    const present = decided.get(outcomeKey(o));
    return present === undefined || strongerModality(present, o.modality) !== present;
  };
  body.questions = found
    .map((h): Question => ({ facts: h.facts, ask: askFor(policy, h.facts), wouldAdd: mergeOutcomes(outcomesOf(h.rules)).filter(adds) }))
    .filter((q) => q.wouldAdd.length > 0)
    .sort((a, b) => Object.keys(a.facts).length - Object.keys(b.facts).length || compareText(JSON.stringify(a.facts), JSON.stringify(b.facts)));
  return body;
}

/**
 * The decision for one incident: a fresh copy of the (shared, frozen) body, so a caller may
 * change what it gets back without touching what the next caller gets, plus the incident's id
 * and the warnings for this incident and date. Keys are set in the schema's order.
 */
function assemble(policy: Policy, incident: Incident, body: DecisionBody, date: Date): Decision {
  return {
    policy: { id: policy.id, version: policy.version, digest: policy.digest },
    incident: { id: incident.id ?? null },
    classification: body.classification.map(copyOutcome),
    referrals: body.referrals.map(copyOutcome),
    sanctions: body.sanctions.map(copyOutcome),
    notifications: body.notifications.map(copyOutcome),
    obligations: body.obligations.map(copyOutcome),
    prohibitions: body.prohibitions.map(copyOutcome),
    judgements: body.judgements.map(copyOutcome),
    questions: body.questions.map((q) => ({ facts: { ...q.facts }, ask: q.ask, wouldAdd: q.wouldAdd.map(copyOutcome) })),
    warnings: warnings(policy, incident, date),
  };
}

function copyOutcome<T extends BareOutcome & { contact?: Outcome['contact'] }>(o: T): T {
  const copy = { ...o, because: o.because.map((r) => ({ ...r })) };
  if (o.contact) copy.contact = { ...o.contact };
  return copy;
}

function freeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) freeze(child);
    Object.freeze(value);
  }
  return value;
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
  } else if (startOfDay(parseDate(m.nextReviewDue)) < startOfDay(date)) {
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
  const date = typeof value === 'string' ? parseDate(value) : value;
  if (!isValid(date)) throw new TypeError(`evaluate: "today" is not a valid date: ${String(value)}`);
  return date;
}

// Dates are parsed once: a batch gives the same "today" (and the policy the same review date)
// for every incident. The Dates are only compared, never handed out, so sharing them is safe.
const parsedDates = new BoundedCache<string, Date>(64);

function parseDate(text: string): Date {
  let date = parsedDates.get(text);
  if (date === undefined) parsedDates.set(text, (date = parseISO(text)));
  return date;
}
