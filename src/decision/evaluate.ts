// Subpath imports: the package root loads every date-fns module (hundreds of files) at startup.
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { BoundedCache } from '../engine/bounded-cache.js';
import { candidateRules, engineFacts, fire, fireByPredicates, hypotheses, hypothesesByPredicates, type Hypothesis } from '../engine/compiled.js';
import type { Policy } from '../engine/policy.js';
import { project } from '../engine/projection.js';
import { parseIncident } from '../incident/parse.js';
import type { Incident } from '../incident/schema.js';
import type { LoadedRule } from '../policy/read.js';
import { OUTCOME_CATALOGUE, OUTCOME_KINDS } from '../policy/schema.js';
import { compareText, mergeOutcomes, outcomeKey, strongerModality } from './merge.js';
import { GROUP_OF_KIND, type Decision, type DecisionWarning, type Outcome, type Question } from './schema.js';

export interface EvaluateOptions {
  /** The date the decision is made, for date warnings (default: today). Pin it for reproducible output. */
  today?: Date | string;
}

type BareOutcome = Omit<Outcome, 'label' | 'contact'>;
type Group = (typeof GROUP_OF_KIND)[keyof typeof GROUP_OF_KIND];

/**
 * The part of a decision that depends only on which rules fired and which questions were found:
 * the outcome groups (shared by every body with the same fired rules) and the questions.
 */
interface DecisionBody {
  groups: Pick<Decision, Group>;
  questions: Question[];
}

/**
 * Evaluates an incident under a policy: the outcomes the policy requires, each with its force
 * and the clauses it comes from; the questions whose answers would add outcomes; and warnings.
 * The incident may be a raw value: it is validated first (InvalidIncidentError if it is wrong).
 *
 * The decision and its lists are the caller's own; the outcome and question objects in them
 * are frozen and may be shared with other decisions (copy one before changing it).
 *
 * The rules are json-rules-engine rules, read here through predicates compiled from their
 * engine conditions (engine/predicate.ts), with the work remembered per projection of the
 * incident onto what the rules read (engine/projection.ts), per set of fired rules and per
 * question. `evaluateWithEngine` makes the same decision from json-rules-engine runs;
 * tests/differential.test.ts holds the two to it.
 */
export async function evaluate(policy: Policy, input: unknown, options: EvaluateOptions = {}): Promise<Decision> {
  const { incident, body, date } = decide(policy, input, options);
  return assemble(policy, incident, body, date);
}

/**
 * `JSON.stringify(await evaluate(...))`, byte for byte, without building the decision: the
 * rules' part of the JSON is written once per distinct decision and reused. For batch output
 * (the CLI's NDJSON path). Not part of the public API.
 */
export async function evaluateToJson(policy: Policy, input: unknown, options: EvaluateOptions = {}): Promise<string> {
  const { incident, body, date } = decide(policy, input, options);
  const header = JSON.stringify({ id: policy.id, version: policy.version, digest: policy.digest });
  // The groups (in the schema's order) and each question are written once and reused.
  const groups = remembered(body.groups, () => JSON.stringify(body.groups).slice(1, -1));
  const questions = body.questions.map((q) => remembered(q, () => JSON.stringify(q))).join(',');
  return `{"policy":${header},"incident":{"id":${JSON.stringify(incident.id ?? null)}},${groups},"questions":[${questions}],"warnings":${JSON.stringify(warnings(policy, incident, date))}}`;
}

const jsonOf = new WeakMap<object, string>();

function remembered(value: object, write: () => string): string {
  let text = jsonOf.get(value);
  if (text === undefined) jsonOf.set(value, (text = write()));
  return text;
}

function decide(policy: Policy, input: unknown, options: EvaluateOptions): { incident: Incident; body: DecisionBody; date: Date } {
  const incident = parseIncident(input, policy.vocabulary);
  const date = today(options.today);
  const decisions = decisionsOf(policy);
  const facts = engineFacts(incident, policy.vocabulary);
  const { key, candidates } = project(policy.compiled, facts);
  let body = decisions.byProjection.get(key);
  if (body === undefined) {
    const fired = fireByPredicates(policy.compiled, facts, candidates);
    const found = hypothesesByPredicates(policy.compiled, incident, facts, candidates, fired);
    body = decisions.body(fired, found);
    decisions.byProjection.set(key, body);
  }
  return { incident, body, date };
}

/**
 * The reference evaluation: every answer from json-rules-engine runs (one for the candidate
 * rules, then one per hypothesis trial) and nothing remembered between calls. Slow; the
 * reference for tests/differential.test.ts. Not part of the public API.
 */
export async function evaluateWithEngine(policy: Policy, input: unknown, options: EvaluateOptions = {}): Promise<Decision> {
  const incident = parseIncident(input, policy.vocabulary);
  const date = today(options.today);
  const candidates = candidateRules(policy.compiled, engineFacts(incident, policy.vocabulary));
  const fired = await fire(policy.compiled, incident, candidates);
  const found = await hypotheses(policy.compiled, incident, candidates, fired);
  return assemble(policy, incident, new PolicyDecisions(policy).body([...fired].sort(), found), date);
}

/**
 * What a decision is made of, remembered per policy. Every cache is bounded, and small: in a
 * long NDJSON stream, larger caches barely raised the hit rate on varied incidents but grew
 * the process by 150 MB (V8 keeps the heap it grew for them). The incidents a school sees
 * again and again still stay in them.
 */
class PolicyDecisions {
  /** Incident projection → decision body (the projection decides the body, see projection.ts). */
  readonly byProjection = new BoundedCache<string, DecisionBody>(512);
  /** Fired rules → the merged, described outcomes, by group. */
  private readonly byFired = new BoundedCache<string, Decided>(512);
  /** Hypothesis (facts and the rules it fires) → the question, before filtering. */
  private readonly byHypothesis = new BoundedCache<string, Candidate>(1_024);
  /** Merged outcome (with its reasons) → the described, frozen outcome. */
  private readonly outcomes = new BoundedCache<string, Outcome>(4_096);
  private readonly outcomesByRule: Map<string, BareOutcome[]>;

  constructor(private readonly policy: Policy) {
    this.outcomesByRule = new Map(policy.rules.map((r) => [r.id, ruleOutcomes(r)]));
  }

  /** The body for these fired rules (sorted ids) and hypotheses. Its objects are frozen. */
  body(fired: string[], found: Hypothesis[]): DecisionBody {
    const decided = this.decided(fired);
    // A question is worth asking only if its answer adds an outcome, or strengthens one.
    const adds = (o: BareOutcome) => {
      const present = decided.modalities.get(outcomeKey(o));
      return present === undefined || strongerModality(present, o.modality) !== present;
    };
    const asked: { question: Question; order: string; size: number }[] = [];
    for (const h of found) {
      const candidate = this.candidate(h);
      const wouldAdd = candidate.wouldAdd.filter(adds);
      if (wouldAdd.length === 0) continue;
      const question =
        wouldAdd.length === candidate.wouldAdd.length
          ? (candidate.question ??= freeze({ facts: candidate.facts, ask: candidate.ask, wouldAdd: candidate.wouldAdd }))
          : freeze({ facts: candidate.facts, ask: candidate.ask, wouldAdd: freeze(wouldAdd) });
      asked.push({ question, order: candidate.order, size: candidate.size });
    }
    asked.sort((a, b) => a.size - b.size || compareText(a.order, b.order));
    return { groups: decided.groups, questions: asked.map((q) => q.question) };
  }

  private decided(fired: string[]): Decided {
    const key = fired.join('\n');
    let decided = this.byFired.get(key);
    if (decided === undefined) {
      const groups: Decided['groups'] = { classification: [], referrals: [], sanctions: [], notifications: [], obligations: [], prohibitions: [], judgements: [] };
      const modalities = new Map<string, Outcome['modality']>();
      for (const outcome of mergeOutcomes(this.outcomesOf(fired))) {
        groups[GROUP_OF_KIND[outcome.kind]].push(this.described(outcome));
        modalities.set(outcomeKey(outcome), outcome.modality);
      }
      for (const list of Object.values(groups)) freeze(list);
      this.byFired.set(key, (decided = { groups: freeze(groups), modalities }));
    }
    return decided;
  }

  /** The described, frozen outcome; one object per distinct outcome, shared by every decision. */
  private described(o: BareOutcome): Outcome {
    const reasons = o.because.map((r) => `${r.rule}\u0001${r.cite}`).join('\u0002');
    const key = `${outcomeKey(o)}\0${o.modality}\0${o.timing ?? ''}\0${reasons}`;
    let outcome = this.outcomes.get(key);
    if (outcome === undefined) this.outcomes.set(key, (outcome = deepFreeze(describe(this.policy, o))));
    return outcome;
  }

  private candidate(h: Hypothesis): Candidate {
    const order = JSON.stringify(h.facts);
    const rules = [...h.rules].sort();
    const key = `${order}:${rules.join(',')}`;
    let candidate = this.byHypothesis.get(key);
    if (candidate === undefined) {
      candidate = {
        facts: freeze({ ...h.facts }),
        ask: askFor(this.policy, h.facts),
        wouldAdd: freeze(mergeOutcomes(this.outcomesOf(rules)).map(deepFreeze)),
        order,
        size: Object.keys(h.facts).length,
      };
      this.byHypothesis.set(key, candidate);
    }
    return candidate;
  }

  private outcomesOf(sortedIds: string[]): BareOutcome[] {
    return sortedIds.flatMap((id) => this.outcomesByRule.get(id)!);
  }
}

interface Decided {
  groups: Pick<Decision, Group>;
  /** Outcome key → the modality decided, to tell which answers would add something. */
  modalities: Map<string, Outcome['modality']>;
}

interface Candidate {
  facts: Record<string, boolean>;
  ask: string;
  wouldAdd: BareOutcome[];
  /** JSON of the facts, and how many: the order of questions in a decision. */
  order: string;
  size: number;
  /** The question when everything it would add is new (the usual case), made once. */
  question?: Question;
}

const decisionsByPolicy = new WeakMap<Policy, PolicyDecisions>();

function decisionsOf(policy: Policy): PolicyDecisions {
  let decisions = decisionsByPolicy.get(policy);
  if (!decisions) decisionsByPolicy.set(policy, (decisions = new PolicyDecisions(policy)));
  return decisions;
}

/** Forgets what was remembered for a policy (for the benchmark's cold figures). @internal */
export function forgetDecisions(policy: Policy): void {
  decisionsByPolicy.delete(policy);
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

/**
 * One decision: fresh top-level object and lists (the caller may sort or extend them), the
 * body's frozen outcomes and questions, the incident's id and the warnings for this incident
 * and date. Keys in the schema's order, so the JSON is byte-identical.
 */
function assemble(policy: Policy, incident: Incident, body: DecisionBody, date: Date): Decision {
  return {
    policy: { id: policy.id, version: policy.version, digest: policy.digest },
    incident: { id: incident.id ?? null },
    classification: body.groups.classification.slice(),
    referrals: body.groups.referrals.slice(),
    sanctions: body.groups.sanctions.slice(),
    notifications: body.groups.notifications.slice(),
    obligations: body.groups.obligations.slice(),
    prohibitions: body.groups.prohibitions.slice(),
    judgements: body.groups.judgements.slice(),
    questions: body.questions.slice(),
    warnings: warnings(policy, incident, date),
  };
}

/** Adds the vocabulary's label and, for people and agencies, the manifest's named contact. */
function describe(policy: Policy, o: BareOutcome): Outcome {
  const catalogue = policy.vocabulary[OUTCOME_CATALOGUE[o.kind]];
  // Fixed key order, so the JSON is byte-identical whatever order the fields were set in.
  const out: Outcome = { kind: o.kind, target: o.target, label: catalogue[o.target] ?? o.target, modality: o.modality } as Outcome;
  if (o.by !== undefined) out.by = o.by;
  if (o.timing !== undefined) out.timing = o.timing;
  const contact = o.kind === 'referral' || o.kind === 'notification' ? policy.manifest.contacts[o.target] : undefined;
  if (contact) out.contact = { ...contact };
  out.because = o.because;
  return out;
}

function freeze<T extends object>(value: T): T {
  return Object.freeze(value) as T;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
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
  } else if (calendarDay(parseDate(m.nextReviewDue)) < calendarDay(date)) {
    const written = m.nextReviewDueAsWritten ? ` ("${m.nextReviewDueAsWritten}")` : '';
    out.push({
      code: 'review-overdue',
      message: `${m.title} was due for review by ${m.nextReviewDue}${written}; check that this is the current version`,
    });
  }
  if (!incident.people.some((p) => p.involvement === 'subject')) {
    out.push({ code: 'no-subject', message: 'the incident names no subject (who did it), so rules about who did it cannot apply' });
  }
  // The manifest's declared scope (data, not code): conduct by a role it does not cover, and
  // subjects it names no route for (e.g. no allegations route for an adult).
  const scope = m.scope;
  if (scope) {
    const subjects = [...new Set(incident.people.filter((p) => p.involvement === 'subject').map((p) => p.role))].sort();
    const outside = subjects.filter((role) => !scope.roles.includes(role));
    if (outside.length > 0) {
      const who = outside.map((role) => policy.vocabulary.roles[role]?.replace(/^A /, 'a ').replace(/^An /, 'an ') ?? role).join('; ');
      out.push({
        code: 'outside-scope',
        message: `${m.title} does not cover the conduct of ${who} (its scope, ${scope.clause}: ${scope.roles.join(', ')}); no classification, sanction or disciplinary outcome follows for them, and the outcomes listed are the school's own response`,
      });
    }
    for (const gap of scope.noRoute) if (subjects.some((role) => gap.subjects.includes(role))) out.push({ code: 'no-route', message: gap.note });
  }
  return out;
}

/**
 * A local calendar day as a number that orders as the days do: the same comparison as
 * `startOfDay(a) < startOfDay(b)`, without building two Dates per decision.
 */
function calendarDay(date: Date): number {
  return (date.getFullYear() * 16 + date.getMonth()) * 32 + date.getDate();
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
