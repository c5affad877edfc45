// Subpath imports: the package root loads every date-fns module (hundreds of files) at startup.
import { isValid } from 'date-fns/isValid';
import { parseISO } from 'date-fns/parseISO';
import { applyRules, knownBits, type Applied, type Caveat, type Hypothesis } from '../engine/apply.js';
import { residual } from '../engine/residual.js';
import { BoundedCache } from '../engine/bounded-cache.js';
import type { CompiledPolicy, CompiledRule, ResolvedOutcome } from '../engine/ir.js';
import { compiledOf, referenceOf, type Policy } from '../engine/policy.js';
import { parseIncident } from '../incident/parse.js';
import type { Incident } from '../incident/schema.js';
import { compareText, mergeOutcomes, outcomeKey, strongerModality } from './merge.js';
import { conditionPhrase, lowerFirst } from './phrases.js';
import { GROUP_OF_KIND, type Caveat as DecisionCaveat, type Decision, type DecisionWarning, type InForce, type Outcome, type Question } from './schema.js';
import { actionPlan, sharedPlan } from './plan.js';
import { protectsAChild } from './plan-terms.js';
import { activitiesByFact } from '../engine/relevance.js';
import { dueBy, parseSpan, type Span } from '../policy/durations.js';

export interface EvaluateOptions {
  /** The date the decision is made, for date warnings (default: today). Pin it for reproducible output. */
  today?: Date | string;
}

type BareOutcome = Omit<Outcome, 'label' | 'contact' | 'unless'>;
type Group = (typeof GROUP_OF_KIND)[keyof typeof GROUP_OF_KIND];

/**
 * The part of a decision that depends only on what the rules found: the outcome groups (shared
 * by every decision with the same applying rules and caveats) and the questions.
 */
interface DecisionBody {
  groups: Pick<Decision, Group>;
  questions: Question[];
}

/**
 * Evaluates an incident under a policy: the outcomes the policy requires, each with its force
 * and the clauses it comes from; the questions whose answers would add (or, through an
 * exception, remove) outcomes; and warnings. The incident may be a raw value: it is validated
 * first (InvalidIncidentError if it is wrong).
 *
 * The decision and its lists are the caller's own; the outcome and question objects in them
 * are frozen and may be shared with other decisions (copy one before changing it).
 *
 * The rules are applied on the policy's compiled form (engine/apply.ts); `evaluateWithEngine`
 * makes the same decision from json-rules-engine runs of rules generated from that form, and
 * tests/differential.test.ts holds the two to it.
 */
export async function evaluate(policy: Policy, input: unknown, options: EvaluateOptions = {}): Promise<Decision> {
  const { incident, body, date } = decide(policy, input, options);
  return assemble(policy, incident, body, date);
}

/**
 * `evaluate` under the version of a policy chosen as in force on a date (decision/as-of.ts): the
 * decision says so (`policy.inForce`), and its review warning is as of that date. Not part of
 * the public API (evaluateAsOf is).
 */
export async function evaluateInForce(policy: Policy, input: unknown, options: EvaluateOptions, inForce: InForce): Promise<Decision> {
  const { incident, body, date } = decide(policy, input, options);
  return assemble(policy, incident, body, date, inForce);
}

/**
 * `JSON.stringify(await evaluate(...))`, byte for byte, without building the decision: the
 * rules' part of the JSON is written once per distinct decision and reused. For batch output
 * (the CLI's NDJSON path). Not part of the public API.
 */
export async function evaluateToJson(policy: Policy, input: unknown, options: EvaluateOptions = {}, inForce?: InForce): Promise<string> {
  const { incident, body, date } = decide(policy, input, options);
  // Due times are the incident's own: such a decision is written whole.
  if (hasDueTimes(policy, incident)) return JSON.stringify(assemble(policy, incident, body, date, inForce));
  const header = JSON.stringify(policyHeader(policy, inForce));
  // The groups (in the schema's order) and each question are written once and reused.
  const groups = remembered(body.groups, () => JSON.stringify(body.groups).slice(1, -1));
  const questions = body.questions.map((q) => remembered(q, () => JSON.stringify(q))).join(',');
  const plan = sharedPlan(body, policy);
  return `{"policy":${header},"incident":{"id":${JSON.stringify(incident.id ?? null)}},${groups},"questions":[${questions}],"warnings":${JSON.stringify(warnings(policy, incident, date, inForce))},"plan":${remembered(plan, () => JSON.stringify(plan))}}`;
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
  return { incident, body: decisionsOf(policy).bodyOf(incident), date };
}

/**
 * The reference evaluation: every answer from json-rules-engine runs of the rules generated from
 * the compiled form (engine/reference.ts), nothing remembered between calls. Slow; the reference
 * for tests/differential.test.ts. Not part of the public API.
 */
export async function evaluateWithEngine(policy: Policy, input: unknown, options: EvaluateOptions = {}): Promise<Decision> {
  const incident = parseIncident(input, policy.vocabulary);
  const date = today(options.today);
  const applied = await referenceOf(policy).apply(incident);
  return assemble(policy, incident, new PolicyDecisions(policy).body(applied, incident), date);
}

/**
 * What a decision is made of, remembered per policy. Every cache is bounded, and small: in a
 * long NDJSON stream, larger caches barely raised the hit rate on varied incidents but grew
 * the process (V8 keeps the heap it grew for them).
 */
class PolicyDecisions {
  /** What the rules see of an incident (its known bits) → the decision's body. */
  private readonly byProjection = new BoundedCache<string, DecisionBody>(512);
  /** Applying rules and their caveats → the merged, described outcomes, by group. */
  private readonly byFired = new BoundedCache<string, Decided>(512);
  /** Hypothesis (facts and the rules it adds or removes) → the question, before filtering. */
  private readonly byHypothesis = new BoundedCache<string, Candidate>(1_024);
  /** Merged outcome (with its reasons and caveats) → the described, frozen outcome. */
  private readonly outcomes = new BoundedCache<string, Outcome>(4_096);
  private readonly ir: CompiledPolicy;

  constructor(private readonly policy: Policy) {
    this.ir = compiledOf(policy);
  }

  /**
   * The body for an incident, remembered by what the rules can see of it: the known bits (each
   * term the rules name present or absent, each fact they read true, false or unknown). Rules,
   * exceptions, questions and their relevance (activities the rules name) read nothing else, so
   * two incidents with the same bits get the same body.
   */
  bodyOf(incident: Incident): DecisionBody {
    const known = knownBits(this.ir, incident);
    const key = String.fromCharCode(...new Uint16Array(known.buffer, known.byteOffset, known.length * 2));
    let body = this.byProjection.get(key);
    if (body === undefined) this.byProjection.set(key, (body = this.body(applyRules(this.ir, incident, undefined, known), incident, known)));
    return body;
  }

  /** The body for what the rules found, for an incident of these activities. Its objects are frozen. */
  body(applied: Applied, incident: Incident, known: Int32Array = knownBits(this.ir, incident)): DecisionBody {
    const activities = incident.activities;
    const about = activitiesByFact(this.ir);
    // About this incident: a rule reads one of its facts with one of the incident's activities,
    // or the answer would add what protects a child (never left unasked).
    const related = (q: Question) =>
      Object.keys(q.facts).some((fact) => activities.some((a) => about.get(fact)?.has(a))) ||
      q.wouldAdd.some(protectsAChild);
    const decided = this.decided(applied.fired, applied.caveats, known);
    // A question is worth asking only if its answer adds an outcome, strengthens one, or removes one.
    const adds = (o: BareOutcome) => {
      const present = decided.modalities.get(outcomeKey(o));
      return present === undefined || strongerModality(present, o.modality) !== present;
    };
    const asked: { question: Question; order: string; size: number }[] = [];
    for (const h of applied.hypotheses) {
      const candidate = this.candidate(h, decided);
      const wouldAdd = candidate.wouldAdd.filter(adds);
      if (wouldAdd.length === 0 && candidate.wouldRemove.length === 0) continue;
      let question: Question;
      if (wouldAdd.length === candidate.wouldAdd.length) question = candidate.question;
      else {
        // The same question object for the same decided outcomes, so a plan can be shared.
        const variants = (candidate.variants ??= new Map());
        question = variants.get(decided.key) ?? { facts: candidate.facts, ask: candidate.ask, wouldAdd: freeze(wouldAdd) };
        if (!variants.has(decided.key)) {
          if (candidate.wouldRemove.length > 0) question.wouldRemove = candidate.wouldRemove;
          if (variants.size >= 16) variants.clear();
          variants.set(decided.key, freeze(question));
        }
      }
      if (!related(question)) question = this.unrelatedOf(question);
      asked.push({ question, order: candidate.order, size: candidate.size });
    }
    asked.sort((a, b) => a.size - b.size || compareText(a.order, b.order));
    // A question that only adds to a simpler one (its facts and answers, and more) what that one
    // already adds is asked once, as the simpler one (audit 4): "Did it breach school policy?" and
    // "Did it breach school policy? Does it put the network at risk?", both for the same sanction.
    const kept = asked.filter(({ question: q }) => !asked.some(({ question: p }) => p !== q && dominates(p, q)));
    return { groups: decided.groups, questions: kept.map((q) => q.question) };
  }

  /** The question marked as not about the incident: one object per question, so plans can be shared. */
  private readonly unrelated = new WeakMap<Question, Question>();
  private unrelatedOf(question: Question): Question {
    let marked = this.unrelated.get(question);
    if (marked === undefined) this.unrelated.set(question, (marked = freeze({ ...question, unrelated: true as const })));
    return marked;
  }

  private decided(fired: number[], caveats: Map<number, Caveat[]>, known: Int32Array): Decided {
    // A caveat reads what is still unknown of its exception in this incident (audit 4), so its
    // words are part of what the outcomes are remembered by.
    const says = new Map<string, string>();
    for (const list of caveats.values()) for (const c of list) if (!says.has(c.rule)) says.set(c.rule, this.caveatText(c, known));
    let key = fired.join(',');
    for (const [rank, list] of caveats) key += `|${rank}:${list.map((c) => `${c.rule}\u0003${says.get(c.rule)}`).join(',')}`;
    let decided = this.byFired.get(key);
    if (decided === undefined) {
      const groups: Decided['groups'] = { classification: [], referrals: [], sanctions: [], notifications: [], obligations: [], prohibitions: [], judgements: [] };
      const modalities = new Map<string, Outcome['modality']>();
      const contributors = new Map<string, number[]>();
      for (const rank of fired) {
        for (const o of this.ir.rules[rank]!.outcomes) {
          const slotKey = this.ir.slots[o.slot]!.key;
          contributors.set(slotKey, [...(contributors.get(slotKey) ?? []), rank]);
        }
      }
      for (const outcome of mergeOutcomes(this.outcomesOf(fired))) {
        const key = outcomeKey(outcome);
        groups[GROUP_OF_KIND[outcome.kind]].push(this.described(outcome, this.caveatsFor(outcome, contributors.get(key)!, caveats, says)));
        modalities.set(key, outcome.modality);
      }
      for (const list of Object.values(groups)) freeze(list);
      this.byFired.set(key, (decided = { groups: freeze(groups), modalities, contributors, key }));
    }
    return decided;
  }

  /**
   * An outcome's caveats: those of the rules that give it at its merged force, when every such
   * rule has some (one rule giving it without exception settles it).
   */
  private caveatsFor(outcome: BareOutcome, ranks: number[], caveats: Map<number, Caveat[]>, says: Map<string, string>): DecisionCaveat[] | undefined {
    const strongest = ranks.filter((rank) => this.ir.rules[rank]!.outcomes.some((o) => outcomeKey(o) === outcomeKey(outcome) && o.modality === outcome.modality));
    if (strongest.some((rank) => !caveats.has(rank))) return undefined;
    const out = new Map<string, DecisionCaveat>();
    for (const rank of strongest) for (const c of caveats.get(rank)!) out.set(c.rule, { rule: c.rule, says: says.get(c.rule)! });
    return [...out.values()].sort((a, b) => compareText(a.rule, b.rule));
  }

  /**
   * An exception in words: what of it the incident leaves open. The incident names its people,
   * activities and technologies, so a caveat does not list those it rules in or out ("unless the
   * subject is a parent and there is a child protection concern", not every activity that would
   * also make one) (audit 4).
   */
  private caveatText(c: Caveat, known: Int32Array): string {
    const rule = this.ir.rules[this.ir.ruleRank.get(c.rule)!]!;
    if (c.kind !== 'unless') return lowerFirst(rule.label);
    const open = residual(this.ir, rule.source.unless!, known);
    return conditionPhrase(typeof open === 'boolean' ? rule.source.unless! : open, this.policy.vocabulary);
  }

  /** The described, frozen outcome; one object per distinct outcome, shared by every decision. */
  private described(o: BareOutcome, caveats: DecisionCaveat[] | undefined): Outcome {
    const reasons = o.because.map((r) => `${r.rule}\u0001${r.cite}`).join('\u0002');
    const key = `${outcomeKey(o)}\0${o.modality}\0${o.timing ?? ''}\0${reasons}\0${caveats?.map((c) => `${c.rule}\u0003${c.says}`).join(',') ?? ''}`;
    let outcome = this.outcomes.get(key);
    if (outcome === undefined) this.outcomes.set(key, (outcome = deepFreeze(describe(this.ir, o, caveats))));
    return outcome;
  }

  private candidate(h: Hypothesis, decided: Decided): Candidate {
    const order = JSON.stringify(h.facts);
    const key = `${order}:${h.adds.join(',')}:${h.removes.length > 0 ? `${h.removes.join(',')}:${decided.key}` : ''}`;
    let candidate = this.byHypothesis.get(key);
    if (candidate === undefined) {
      const wouldAdd = freeze(mergeOutcomes(this.outcomesOf(h.adds.map((id) => this.ir.ruleRank.get(id)!))).map(deepFreeze));
      const wouldRemove = freeze(this.removed(h.removes, decided).map(deepFreeze));
      const question: Question = { facts: freeze({ ...h.facts }), ask: askFor(this.policy, h.facts), wouldAdd };
      if (wouldRemove.length > 0) question.wouldRemove = wouldRemove;
      candidate = { facts: question.facts, ask: question.ask, wouldAdd, wouldRemove, order, size: Object.keys(h.facts).length, question: freeze(question) };
      this.byHypothesis.set(key, candidate);
    }
    return candidate;
  }

  /** The decided outcomes that only the removed rules give: they would no longer be required. */
  private removed(ruleIds: string[], decided: Decided): BareOutcome[] {
    if (ruleIds.length === 0) return [];
    const gone = new Set(ruleIds.map((id) => this.ir.ruleRank.get(id)!));
    const out: BareOutcome[] = [];
    for (const rank of gone) {
      for (const o of this.ir.rules[rank]!.outcomes) {
        const key = outcomeKey(o);
        if (decided.contributors.get(key)?.every((r) => gone.has(r)) && !out.some((x) => outcomeKey(x) === key)) out.push(bare(o, this.ir.rules[rank]!));
      }
    }
    return mergeOutcomes(out);
  }

  private outcomesOf(ranks: number[]): BareOutcome[] {
    return ranks.flatMap((rank) => {
      const rule = this.ir.rules[rank]!;
      return rule.outcomes.map((o) => bare(o, rule));
    });
  }
}

function bare(o: ResolvedOutcome, rule: CompiledRule): BareOutcome {
  // Which policy a reason comes from is said only where there are two (a school and its trust).
  const reason = rule.policy === undefined ? { rule: rule.id, cite: rule.cite } : { rule: rule.id, cite: rule.cite, policy: rule.policy };
  const out: BareOutcome = { kind: o.kind, target: o.target, modality: o.modality, because: [reason] };
  if (o.by !== undefined) out.by = o.by;
  if (o.timing !== undefined) out.timing = o.timing;
  return out;
}

interface Decided {
  groups: Pick<Decision, Group>;
  /** Outcome key → the modality decided, to tell which answers would add something. */
  modalities: Map<string, Outcome['modality']>;
  /** Outcome key → the applying rules that give it. */
  contributors: Map<string, number[]>;
  /** The applying rules and caveats it was decided for. */
  key: string;
}

interface Candidate {
  facts: Record<string, boolean>;
  ask: string;
  wouldAdd: BareOutcome[];
  wouldRemove: BareOutcome[];
  /** JSON of the facts, and how many: the order of questions in a decision. */
  order: string;
  size: number;
  /** The question when everything it would add is new (the usual case), made once. */
  question: Question;
  /** The question when some of it is already decided, by the decided outcomes' key. */
  variants?: Map<string, Question>;
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

/** A rule's outcomes as the compiled form resolved them (default modality applied). */
export function ruleOutcomes(policy: Policy, ruleId: string): BareOutcome[] {
  const ir = compiledOf(policy);
  const rule = ir.rules[ir.ruleRank.get(ruleId)!]!;
  return rule.outcomes.map((o) => bare(o, rule));
}

/**
 * One decision: fresh top-level object and lists (the caller may sort or extend them), the
 * body's frozen outcomes and questions, the incident's id and the warnings for this incident
 * and date. Keys in the schema's order, so the JSON is byte-identical.
 */
function assemble(policy: Policy, incident: Incident, body: DecisionBody, date: Date, inForce?: InForce): Decision {
  const dated = withDueTimes(policy, incident, body);
  if (dated !== undefined) body = dated;
  return {
    policy: policyHeader(policy, inForce),
    incident: { id: incident.id ?? null },
    classification: body.groups.classification.slice(),
    referrals: body.groups.referrals.slice(),
    sanctions: body.groups.sanctions.slice(),
    notifications: body.groups.notifications.slice(),
    obligations: body.groups.obligations.slice(),
    prohibitions: body.groups.prohibitions.slice(),
    judgements: body.groups.judgements.slice(),
    questions: body.questions.slice(),
    warnings: warnings(policy, incident, date, inForce),
    plan: dated === undefined ? sharedPlan(body, policy) : actionPlan({ ...body.groups, questions: body.questions }, policy),
  };
}

/** The decision's `policy`: which policy, and (only when chosen by a date) the version in force then and why. */
function policyHeader(policy: Policy, inForce: InForce | undefined): Decision['policy'] {
  const header: Decision['policy'] = { id: policy.id, version: policy.version, digest: policy.digest };
  if (inForce !== undefined) header.inForce = { on: inForce.on, chosenBy: inForce.chosenBy, approvedOn: inForce.approvedOn };
  return header;
}

/**
 * The body with `dueBy` on every outcome whose timing the school defines (manifest `timings`),
 * counted from the incident's `reportedAt`; undefined when either is missing (nothing is
 * invented). The outcomes are copies: the shared ones stay as they are.
 */
function withDueTimes(policy: Policy, incident: Incident, body: DecisionBody): DecisionBody | undefined {
  const calendar = hasDueTimes(policy, incident) ? schoolCalendar(policy) : undefined;
  if (calendar === undefined) return undefined;
  const reportedAt = incident.reportedAt!;
  const dated = (o: Outcome): Outcome => {
    const span = o.timing === undefined ? undefined : calendar.spans.get(o.timing);
    if (span === undefined) return o;
    const { kind, target, label, modality, by, timing, ...rest } = o;
    // The schema's key order, so the JSON is byte-identical from run to run.
    return deepFreeze({ kind, target, label, modality, ...(by === undefined ? {} : { by }), timing, dueBy: dueBy(reportedAt, span, calendar.closures), ...rest } as Outcome);
  };
  const groups = Object.fromEntries(Object.entries(body.groups).map(([group, list]) => [group, (list as Outcome[]).map(dated)])) as DecisionBody['groups'];
  return { groups, questions: body.questions };
}

/** Whether a decision has due times: the school defines its timings and the incident says when it was reported. */
function hasDueTimes(policy: Policy, incident: Incident): boolean {
  return policy.manifest.timings !== undefined && incident.reportedAt !== undefined;
}

/** The school's timings as spans and its closure days, read once per policy. */
const calendars = new WeakMap<Policy, { spans: Map<string, Span>; closures: ReadonlySet<string> }>();
function schoolCalendar(policy: Policy): { spans: Map<string, Span>; closures: ReadonlySet<string> } {
  let calendar = calendars.get(policy);
  if (calendar === undefined) {
    // The manifest's check has read every span already: parseSpan does not fail here.
    const spans = new Map(Object.entries(policy.manifest.timings ?? {}).flatMap(([timing, text]) => (text === undefined ? [] : [[timing, parseSpan(text)!] as const])));
    calendars.set(policy, (calendar = { spans, closures: new Set(policy.manifest.closureDays ?? []) }));
  }
  return calendar;
}

/** The outcome with the compiled form's label and named contact, and its caveats. */
function describe(ir: CompiledPolicy, o: BareOutcome, caveats: DecisionCaveat[] | undefined): Outcome {
  const resolved = ir.rules[ir.ruleRank.get(o.because[0]!.rule)!]!.outcomes.find((x) => outcomeKey(x) === outcomeKey(o))!;
  // Fixed key order, so the JSON is byte-identical whatever order the fields were set in.
  const out: Outcome = { kind: o.kind, target: o.target, label: resolved.label, modality: o.modality } as Outcome;
  if (o.by !== undefined) out.by = o.by;
  if (o.timing !== undefined) out.timing = o.timing;
  if (resolved.contact) out.contact = { ...resolved.contact };
  if (caveats) out.unless = caveats;
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

/**
 * The decision's warnings. The review date is compared with the date of the decision, or for a
 * version chosen as in force on a date, with that date: a version evaluated as of a day when it
 * was current and not yet due for review does not warn.
 */
function warnings(policy: Policy, incident: Incident, date: Date, inForce?: InForce): DecisionWarning[] {
  const out: DecisionWarning[] = [];
  const m = policy.manifest;
  const reviewedBy = inForce === undefined ? date : parseDate(inForce.on);
  if (m.nextReviewDue === null) {
    out.push({ code: 'no-review-date', message: `${m.title} records no next review date; check that this is the current version` });
  } else if (calendarDay(parseDate(m.nextReviewDue)) < calendarDay(reviewedBy)) {
    const written = m.nextReviewDueAsWritten ? ` ("${m.nextReviewDueAsWritten}")` : '';
    out.push({
      code: 'review-overdue',
      message:
        inForce === undefined
          ? `${m.title} was due for review by ${m.nextReviewDue}${written}; check that this is the current version`
          : `on ${inForce.on}, ${m.title} ${m.version} was past its review date (${m.nextReviewDue}${written}); check that it was the version in force then`,
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
      // In the policy's words: its section, and the roles as a person says them (audit 4).
      const section = m.clauses.find((c) => c.id === scope.clause)?.section ?? scope.clause;
      const who = outside.map((role) => policy.vocabulary.roles[role]?.replace(/^A /, 'a ').replace(/^An /, 'an ') ?? role).join('; ');
      out.push({
        code: 'outside-scope',
        message: `${m.title} does not cover the conduct of ${who} (its scope, ${section}: ${scope.roles.map((r) => r.replace(/-/g, ' ')).join(', ')}); no classification, sanction or disciplinary outcome follows for them, and the outcomes listed are the school's own response`,
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
  // A number or anything else from untyped callers (JavaScript, JSON) is refused, not read as a timestamp.
  const date = typeof value === 'string' ? parseDate(value) : value instanceof Date ? value : new Date(Number.NaN);
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

/** `p` asks fewer facts, each as `q` does, and its answer adds all `q`'s would add and removes all it would remove. */
function dominates(p: Question, q: Question): boolean {
  const pf = Object.entries(p.facts);
  if (pf.length >= Object.keys(q.facts).length || !pf.every(([f, v]) => q.facts[f] === v)) return false;
  const key = (o: { kind: string; target: string; modality: string; by?: string }) => `${o.kind}:${o.target}:${o.modality}:${o.by ?? ''}`;
  const adds = new Set(p.wouldAdd.map(key));
  const removes = new Set((p.wouldRemove ?? []).map(key));
  return q.wouldAdd.every((o) => adds.has(key(o))) && (q.wouldRemove ?? []).every((o) => removes.has(key(o)));
}
