import type { Policy } from '../engine/policy.js';
import { OUTCOME_CATALOGUE, type Contact, type Modality, type Timing } from '../policy/schema.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { compareText } from './merge.js';
import { actorOrder, isInSchool, protectionOrder, protectsAChild } from './plan-terms.js';
import type { ActionPlan, Decision, Outcome, OutcomeKind, PlanGroup, PlanLine, PlanQuestion, Question, Reason } from './schema.js';

/** What a plan is made from: a decision's outcomes and questions (a decision, with or without its plan). */
export type DecisionOutcomes = Pick<Decision, 'classification' | 'referrals' | 'sanctions' | 'notifications' | 'obligations' | 'prohibitions' | 'judgements' | 'questions'>;

const STRENGTH: Record<Modality, number> = { must: 3, should: 2, may: 1 };
/** Earliest first; no timing comes last. */
const EARLINESS = (t: Timing | undefined) => (t === 'immediately' ? 0 : t === 'promptly' ? 1 : 2);
/** Within a group: people told or referred, then what not to do, duties, sanctions, judgements. */
const KIND_ORDER: Record<OutcomeKind, number> = { referral: 0, notification: 0, prohibition: 1, obligation: 2, sanction: 3, judgement: 4, classification: 5 };

/**
 * The action plan of a decision: Do now, Do next (by who acts), Decide, Ask. Deterministic: the
 * same decision gives the same plan. The policy gives the words for who acts and for what the
 * questions would add; without it, those are named by their vocabulary ids.
 */
export function actionPlan(decision: DecisionOutcomes, policy?: Pick<Policy, 'vocabulary'>): ActionPlan {
  const words = new Words(policy?.vocabulary);
  const lines = [...personLines(decision), ...dutyLines([...decision.sanctions, ...decision.obligations, ...decision.prohibitions, ...decision.judgements])];
  const doNow = lines.filter((l) => l.urgent !== undefined).sort(compareUrgent);
  // Left to a person: the judgements, and what the policy allows but does not require (may).
  const leftToAPerson = (l: PlanLine) => l.kinds[0] === 'judgement' || l.modality === 'may';
  const decide = lines.filter((l) => l.urgent === undefined && leftToAPerson(l)).sort(compareLines);
  const groups = new Map<string | null, PlanLine[]>();
  for (const line of lines) {
    if (line.urgent !== undefined || leftToAPerson(line)) continue;
    const actor = actorOf(line);
    groups.set(actor, [...(groups.get(actor) ?? []), line]);
  }
  const doNext: PlanGroup[] = [...groups]
    .sort(([a], [b]) => (a === null ? 1 : 0) - (b === null ? 1 : 0) || actorOrder(a ?? '') - actorOrder(b ?? '') || compareText(a ?? '', b ?? ''))
    .map(([actor, list]) => ({ actor, title: actor === null ? 'Whoever responds (the policy names no one)' : words.target(actor), lines: list.sort(compareLines) }));
  return {
    classified: decision.classification.map((o) => o.label),
    doNow,
    doNext,
    decide,
    ask: rankQuestions(decision.questions).map((q) => planQuestion(q, words, lines)),
  };
}

/**
 * The decision's questions, most telling first: a question whose answer would add what protects
 * a child first; then by what the answer would add at best, a must
 * before a should before a may; then immediately before promptly; then a referral to (or telling)
 * someone outside the school first; then the question that would add more; then the simpler
 * question (fewer facts); then the decision's own order. A new list; the questions are not copied.
 */
export function rankQuestions<Q extends Pick<Question, 'facts' | 'wouldAdd' | 'unrelated'>>(questions: readonly Q[]): Q[] {
  const keyed = questions.map((q, index) => ({ q, index, key: questionKey(q) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) if (a.key[i] !== b.key[i]) return b.key[i]! - a.key[i]!;
    return a.index - b.index;
  });
  return keyed.map((k) => k.q);
}

/** Larger is asked first, compared position by position. */
function questionKey(q: Pick<Question, 'facts' | 'wouldAdd' | 'unrelated'>): number[] {
  let best = [0, 0, 0];
  for (const o of q.wouldAdd) {
    const key = [STRENGTH[o.modality], 2 - EARLINESS(o.timing), isOutside(o) ? 1 : 0];
    if (compareKeys(key, best) > 0) best = key;
  }
  // A question about this incident before one that is not (see Question.unrelated); then one whose
  // answer would add what protects a child (as Do now reads it: a must or should to the police,
  // the DSL, the LADO, children's services, the adviser, or the halt) before any other, so a
  // grooming case is not asked first about the school's filter.
  const protects = q.wouldAdd.some(protectsAChild);
  return [q.unrelated ? 0 : 1, protects ? 1 : 0, ...best, q.wouldAdd.length, -Object.keys(q.facts).length];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function isOutside(o: Pick<Outcome, 'kind' | 'target'>): boolean {
  return (o.kind === 'referral' || o.kind === 'notification') && !isInSchool(o.target);
}

/** One line per person or agency told or referred: its referrals and notifications folded. */
function personLines(decision: DecisionOutcomes): PlanLine[] {
  const byTarget = new Map<string, Outcome[]>();
  for (const o of [...decision.referrals, ...decision.notifications]) byTarget.set(o.target, [...(byTarget.get(o.target) ?? []), o]);
  return [...byTarget.values()].map((outcomes) => {
    const first = outcomes[0]!;
    const referred = outcomes.some((o) => o.kind === 'referral');
    const label = lowerFirst(first.label);
    return withUrgency({
      says: referred ? `Refer to ${label}` : `Tell ${label}`,
      modality: outcomes.map((o) => o.modality).reduce(stronger),
      ...timingOf(outcomes),
      kinds: unique(outcomes.map((o) => o.kind)).sort(compareText) as OutcomeKind[],
      target: first.target,
      ...byOf(outcomes),
      ...(outcomes.find((o) => o.contact)?.contact ? { contact: { ...outcomes.find((o) => o.contact)!.contact! } } : {}),
      ...unlessOf(outcomes),
      because: reasons(outcomes.flatMap((o) => o.because)),
    });
  });
}

/**
 * One line per duty: the same duty (kind and term) given to the school and to one person in it
 * (eLiM's Online Safety Leader logs every incident; its bullying section has "the school" log
 * it) is one line, under that person, with both reasons. Given to two people by name, it stays
 * a line each: each of them acts.
 */
function dutyLines(outcomes: Outcome[]): PlanLine[] {
  const byDuty = new Map<string, Outcome[]>();
  for (const o of outcomes) byDuty.set(`${o.kind}\0${o.target}`, [...(byDuty.get(`${o.kind}\0${o.target}`) ?? []), o]);
  return [...byDuty.values()].flatMap((list) => {
    const named = unique(list.flatMap((o) => (o.by === undefined || o.by === SCHOOL ? [] : [o.by])));
    return list.length > 1 && named.length <= 1 ? [lineOf(list)] : list.map((o) => lineOf([o]));
  });
}

/** The school as a whole: where a person in it is also named for the same duty, that person acts. */
const SCHOOL = 'school';

function lineOf(outcomes: Outcome[]): PlanLine {
  const o = outcomes[0]!;
  return withUrgency({
    says: phrase(o.kind, o.label),
    modality: outcomes.map((x) => x.modality).reduce(stronger),
    ...timingOf(outcomes),
    kinds: [o.kind],
    target: o.target,
    ...byOf(outcomes),
    ...unlessOf(outcomes),
    because: reasons(outcomes.flatMap((x) => x.because)),
  });
}

/** The line's words for one outcome, without who acts (the plan shows that apart). */
function phrase(kind: OutcomeKind, label: string): string {
  const text = lowerFirst(label);
  switch (kind) {
    case 'referral':
      return `Refer to ${text}`;
    case 'notification':
      return `Tell ${text}`;
    case 'prohibition':
      return `Do not ${text}`;
    case 'sanction':
      return `Sanction: ${text}`;
    case 'judgement':
      return `Decide ${text}`;
    default:
      return label;
  }
}

/** Do now: what protects a child (unless the policy only allows it) and what is immediate. */
function withUrgency(line: PlanLine): PlanLine {
  // Keys in the schema's order, so the JSON is byte-identical however the line was built.
  const { because, ...rest } = line;
  if (protectsAChild({ kind: line.kinds[0]!, target: line.target, modality: line.modality })) return { ...rest, urgent: 'protects-a-child', because };
  if (line.timing === 'immediately') return { ...rest, urgent: 'immediately', because };
  return line;
}

function compareUrgent(a: PlanLine, b: PlanLine): number {
  const rank = (l: PlanLine) => (l.urgent === 'protects-a-child' ? protectionOrder(l.kinds[0]!, l.target)! : Number.MAX_SAFE_INTEGER);
  return rank(a) - rank(b) || compareLines(a, b);
}

function compareLines(a: PlanLine, b: PlanLine): number {
  return (
    STRENGTH[b.modality] - STRENGTH[a.modality] ||
    EARLINESS(a.timing) - EARLINESS(b.timing) ||
    KIND_ORDER[a.kinds[0]!] - KIND_ORDER[b.kinds[0]!] ||
    compareText(a.target, b.target) ||
    compareText((a.by ?? []).join(), (b.by ?? []).join())
  );
}

/**
 * Who acts on a line in Do next: the one person its outcomes name (`by`); otherwise, for a
 * person in the school told or referred, that person; otherwise no one the policy names.
 */
function actorOf(line: PlanLine): string | null {
  const by = oneActor(line.by);
  if (by !== undefined) return by;
  if ((line.kinds[0] === 'referral' || line.kinds[0] === 'notification') && isInSchool(line.target)) return line.target;
  return null;
}

/** The one person a line's outcomes name: the only one, or the only one besides the school as a whole. */
export function oneActor(by: readonly string[] | undefined): string | undefined {
  if (by === undefined) return undefined;
  if (by.length === 1) return by[0]!;
  const named = by.filter((b) => b !== SCHOOL);
  return named.length === 1 ? named[0]! : undefined;
}

function timingOf(outcomes: Outcome[]): { timing?: Timing; dueBy?: string } {
  const timing = outcomes.map((o) => o.timing).sort((a, b) => EARLINESS(a) - EARLINESS(b))[0];
  // Due times of one decision share the report's offset, so their text sorts as their time does.
  const dueBy = outcomes.flatMap((o) => (o.dueBy === undefined ? [] : [o.dueBy])).sort()[0];
  return { ...(timing === undefined ? {} : { timing }), ...(dueBy === undefined ? {} : { dueBy }) };
}

/** A line stands unless an exception holds only when every outcome folded into it has one. */
function unlessOf(outcomes: Outcome[]): { unless?: string[] } {
  if (!outcomes.every((o) => o.unless !== undefined)) return {};
  return { unless: unique(outcomes.flatMap((o) => o.unless!.map((c) => c.says))) };
}

function byOf(outcomes: Outcome[]): { by?: string[] } {
  const by = unique(outcomes.flatMap((o) => (o.by === undefined ? [] : [o.by]))).sort(compareText);
  return by.length === 0 ? {} : { by };
}

function stronger(a: Modality, b: Modality): Modality {
  return STRENGTH[a] >= STRENGTH[b] ? a : b;
}

function reasons(list: Reason[]): Reason[] {
  const byKey = new Map(list.map((r) => [`${r.rule}\0${r.cite}`, r.policy === undefined ? { rule: r.rule, cite: r.cite } : { rule: r.rule, cite: r.cite, policy: r.policy }]));
  return [...byKey.values()].sort((a, b) => compareText(a.cite, b.cite) || compareText(a.rule, b.rule));
}

function planQuestion(q: Question, words: Words, lines: readonly PlanLine[]): PlanQuestion {
  const modality = q.wouldAdd.map((o) => o.modality).reduce(stronger, 'may' as Modality);
  const timing = q.wouldAdd.map((o) => o.timing).sort((a, b) => EARLINESS(a) - EARLINESS(b))[0];
  // What it would add, the weightiest first (as questions are ranked: what protects a child first), in the plan's words.
  const ranked = q.wouldAdd
    .map((o, index) => ({ o, index, key: [protectsAChild(o) ? 1 : 0, STRENGTH[o.modality], 2 - EARLINESS(o.timing), isOutside(o) ? 1 : 0] }))
    .sort((a, b) => compareKeys(b.key, a.key) || a.index - b.index);
  const inWords = (o: Question['wouldAdd'][number]) => {
    const said = phrase(o.kind, words.term(o.kind, o.target));
    const person = o.kind === 'referral' || o.kind === 'notification';
    const text = o.by === undefined || person ? said : `${actorName(words.target(o.by))}: ${lowerFirst(said)}`;
    return `${text}${o.timing ? `, ${o.timing}` : ''} (${o.modality})`;
  };
  return {
    ask: q.ask,
    facts: { ...q.facts },
    modality,
    ...(timing === undefined ? {} : { timing }),
    outside: q.wouldAdd.some(isOutside),
    // Two outcomes can read the same (a referral made by the school and one with no one named): once.
    // A person the plan already refers or tells, as strongly and as soon, is not news (audit 4:
    // "Is a criminal offence suspected? → Refer to the police" with the police already in Do now).
    wouldAdd: unique((ranked.some(({ o }) => !alreadyTold(o, lines)) ? ranked.filter(({ o }) => !alreadyTold(o, lines)) : ranked).map(({ o }) => inWords(o))),
    ...(q.wouldRemove?.length ? { wouldRemove: unique(q.wouldRemove.map(inWords)) } : {}),
    ...(q.unrelated ? { unrelated: true as const } : {}),
  };
}

/** A referral or telling the plan already has a line for: the same person, as strong, as soon, a referral if it is one. */
function alreadyTold(o: Question['wouldAdd'][number], lines: readonly PlanLine[]): boolean {
  if (o.kind !== 'referral' && o.kind !== 'notification') return false;
  return lines.some(
    (l) =>
      l.target === o.target &&
      (l.kinds.includes('referral') || l.kinds.includes('notification')) &&
      (o.kind === 'notification' || l.kinds.includes('referral')) &&
      STRENGTH[l.modality] >= STRENGTH[o.modality] &&
      EARLINESS(l.timing) <= EARLINESS(o.timing),
  );
}

/**
 * A plan line in words, without its force or clauses: "Refer to the police, immediately — contact".
 * `actor` puts who acts first ("Headteacher: decide ..."), where the line does not sit under them
 * already; `contacts: 'named'` leaves out a contact that only restates the role (no name, phone or route).
 */
export function planLineText(line: PlanLine, vocabulary: Vocabulary | undefined, options: { actor: boolean; contacts: 'all' | 'named' }): string {
  const person = line.kinds[0] === 'referral' || line.kinds[0] === 'notification';
  const by = options.actor && !person ? oneActor(line.by) : undefined;
  const says = by === undefined ? line.says : `${actorName(new Words(vocabulary).target(by))}: ${lowerFirst(line.says)}`;
  const c = line.contact;
  const shown = c !== undefined && (options.contacts === 'all' || (c.name ?? c.phone ?? c.route) !== undefined);
  return `${says}${line.timing ? `, ${line.timing}` : ''}${line.dueBy ? ` (by ${dueText(line.dueBy)})` : ''}${shown ? ` — ${contactText(c)}` : ''}${line.unless ? `, unless ${line.unless.join('; or unless ')}` : ''}`;
}

/** A due time as a person reads it: "2026-11-27 09:30 +01:00" ("Z" as UTC). */
export function dueText(iso: string): string {
  const offset = iso.slice(19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} ${offset === 'Z' ? 'UTC' : offset}`;
}

/** A contact as one phrase: "Anthony Goble, via Somerset Direct (where staff are involved)". */
export function contactText(c: Contact): string {
  const who = [c.name ?? c.role, c.phone].filter(Boolean).join(', ');
  return `${who}${c.route ? `, ${c.route}` : ''}${c.applies ? ` (${c.applies})` : ''}`;
}

/**
 * Who acts, as a short heading: without the article or the vocabulary's gloss
 * ("The school, acting through its leadership" → "School").
 */
export function actorName(label: string): string {
  const name = label.replace(/[,(].*$/, '').trimEnd().replace(/^(The|A|An) /, '');
  return name === '' ? label : name[0]!.toUpperCase() + name.slice(1);
}

/** Vocabulary words for terms; the term's id where there is no vocabulary or no such term. */
class Words {
  constructor(private readonly vocabulary: Vocabulary | undefined) {}

  target(id: string): string {
    return this.term('referral', id);
  }

  term(kind: OutcomeKind, id: string): string {
    const catalogue = this.vocabulary?.[OUTCOME_CATALOGUE[kind]];
    return catalogue !== undefined && Object.hasOwn(catalogue, id) ? catalogue[id]! : id;
  }
}

/** "The headteacher" → "the headteacher"; acronyms and names ("LADO", "Somerset") stay as they are. */
export function lowerFirst(text: string): string {
  return /^[A-Z][a-z ]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

/** Plans by the (shared) outcome groups, then by which (shared) question objects are asked. */
const shared = new WeakMap<object, Map<string, ActionPlan>>();
const objectIds = new WeakMap<object, number>();
let lastObjectId = 0;
const idOf = (o: object) => {
  let id = objectIds.get(o);
  if (id === undefined) objectIds.set(o, (id = ++lastObjectId));
  return id;
};
/** Distinct question lists remembered per outcome groups (an incident stream repeats few). */
const PLANS_PER_GROUPS = 64;

/**
 * The plan for a decision body, made once for every decision with the same outcome groups and
 * the same questions (evaluate shares both objects between decisions) and frozen. Making the
 * plan was most of the time of a decision seen before. @internal
 */
export function sharedPlan(body: { groups: Omit<DecisionOutcomes, 'questions'>; questions: Question[] }, policy: Pick<Policy, 'vocabulary'>): ActionPlan {
  let plans = shared.get(body.groups);
  if (plans === undefined) shared.set(body.groups, (plans = new Map()));
  const key = body.questions.map(idOf).join(',');
  let plan = plans.get(key);
  if (plan === undefined) {
    if (plans.size >= PLANS_PER_GROUPS) plans.clear();
    plans.set(key, (plan = deepFreeze(actionPlan({ ...body.groups, questions: body.questions }, policy))));
  }
  return plan;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
