import type { Incident } from '../incident/schema.js';
import type { LoadedRule } from '../policy/read.js';
import type { Vocabulary } from '../vocabulary/schema.js';
import { compileRule, factFact, factsRead, roleFact } from './compile.js';
import { compilePossibility, compilePredicate, NO, type Possibility, type Predicate } from './predicate.js';
import { RuleRunner, type EngineFacts } from './runner.js';

/** A policy's rules compiled for json-rules-engine, with their predicates and an index by what they need. */
export interface CompiledRules {
  runner: RuleRunner;
  /** Every rule id, sorted. */
  ruleIds: string[];
  /**
   * Rule ids by a list member they need ("activities\0x", "technologies\0y", "role.subject\0z"):
   * a rule is indexed under every member of one set, one of which must be present for it to
   * fire. Lists are never assumed by the question search, so a rule whose members are all
   * absent can neither fire nor be asked about.
   */
  index: Map<string, string[]>;
  /** The list facts the index is keyed by. */
  indexedFacts: string[];
  /** The index's members, numbered in sorted order: list fact → value → number, and back. */
  memberNumbers: Map<string, Map<unknown, number>>;
  members: string[];
  /** Rule ids that need no list member (candidates for every incident). */
  unindexed: string[];
  /** For each rule, the vocabulary facts its condition reads, sorted. */
  factsRead: Map<string, string[]>;
  /** For each rule, its json-rules-engine condition as a plain function (see predicate.ts). */
  predicates: Map<string, Predicate>;
  /** For each rule, whether some assumption about unknown facts could fire it (see predicate.ts). */
  possibilities: Map<string, (facts: EngineFacts) => Possibility>;
  /** For each rule, the engine facts its condition reads and the values it compares them with. */
  reads: Map<string, Map<string, Set<unknown>>>;
  vocabulary: Vocabulary;
}

export function compileRules(rules: LoadedRule[], vocabulary: Vocabulary): CompiledRules {
  const index = new Map<string, string[]>();
  const unindexed: string[] = [];
  const factNames = new Map<string, string[]>();
  const predicates = new Map<string, Predicate>();
  const possibilities = new Map<string, (facts: EngineFacts) => Possibility>();
  const reads = new Map<string, Map<string, Set<unknown>>>();
  const compiledRules = rules.map((rule) => {
    const compiled = compileRule(rule.id, rule.when);
    predicates.set(rule.id, compilePredicate(compiled.conditions));
    possibilities.set(rule.id, compilePossibility(compiled.conditions));
    reads.set(rule.id, engineReads(compiled.conditions));
    factNames.set(rule.id, [...factsRead(rule.when)].sort());
    const required = requiredMembers(compiled.conditions);
    if (!required) {
      unindexed.push(rule.id);
    } else {
      for (const member of required) {
        const list = index.get(member) ?? [];
        list.push(rule.id);
        index.set(member, list);
      }
    }
    return compiled;
  });
  const members = [...index.keys()].sort();
  const memberNumbers = new Map<string, Map<unknown, number>>();
  members.forEach((member, n) => {
    const fact = member.slice(0, member.indexOf('\0'));
    const values = memberNumbers.get(fact) ?? new Map<unknown, number>();
    values.set(member.slice(fact.length + 1), n);
    memberNumbers.set(fact, values);
  });
  return {
    runner: new RuleRunner(compiledRules),
    ruleIds: rules.map((r) => r.id).sort(),
    index,
    indexedFacts: [...memberNumbers.keys()].sort(),
    memberNumbers,
    members,
    unindexed,
    factsRead: factNames,
    predicates,
    possibilities,
    reads,
    vocabulary,
  };
}

/** The engine facts a compiled condition reads, each with the values it is compared with. */
function engineReads(condition: unknown, into = new Map<string, Set<unknown>>()): Map<string, Set<unknown>> {
  const c = condition as { all?: unknown[]; any?: unknown[]; fact?: string; value?: unknown };
  for (const child of [...(c.all ?? []), ...(c.any ?? [])]) engineReads(child, into);
  if (c.fact !== undefined) {
    const values = into.get(c.fact) ?? new Set<unknown>();
    values.add(c.value);
    into.set(c.fact, values);
  }
  return into;
}

/**
 * List members ("fact\0value") of which at least one must be present for a json-rules-engine
 * condition to hold, or undefined when it can hold without any. Read off the compiled condition:
 * a `contains` atom needs its member; `all` needs what its most selective part needs; `any`
 * needs one of what each part needs.
 */
function requiredMembers(condition: unknown): Set<string> | undefined {
  const c = condition as { all?: unknown[]; any?: unknown[]; fact?: string; operator?: string; value?: unknown };
  if (c.all) {
    let best: Set<string> | undefined;
    for (const child of c.all) {
      const req = requiredMembers(child);
      if (req && (!best || selectivity(req) < selectivity(best))) best = req;
    }
    return best;
  }
  if (c.any) {
    const union = new Set<string>();
    for (const child of c.any) {
      const req = requiredMembers(child);
      if (!req) return undefined;
      for (const m of req) union.add(m);
    }
    return union;
  }
  if (c.operator === 'contains' && typeof c.fact === 'string' && typeof c.value === 'string') return new Set([`${c.fact}\0${c.value}`]);
  return undefined;
}

/** Fewer members first; among equals, activities (the most telling list), then the others. */
function selectivity(members: Set<string>): number {
  return members.size * 2 + ([...members].every((m) => m.startsWith('activities\0')) ? 0 : 1);
}

/** The rules that could fire (or be asked about) for an incident, as sorted ids. */
export function candidateRules(compiled: CompiledRules, facts: EngineFacts): string[] {
  const ids = new Set(compiled.unindexed);
  for (const n of presentMembers(compiled, facts)) for (const id of compiled.index.get(compiled.members[n]!)!) ids.add(id);
  return [...ids].sort();
}

/** The numbers of the indexed list members present in an incident's engine facts, ascending (they decide the candidates). */
export function presentMembers(compiled: CompiledRules, facts: EngineFacts): number[] {
  const present: number[] = [];
  for (const [fact, numbers] of compiled.memberNumbers) {
    const list = facts[fact];
    if (!Array.isArray(list)) continue;
    for (const value of list) {
      const n = numbers.get(value);
      if (n !== undefined && !present.includes(n)) present.push(n);
    }
  }
  return present.sort((a, b) => a - b);
}

const INVOLVEMENTS = ['subject', 'affected', 'reporter', 'witness'] as const;
const factKeysByVocabulary = new WeakMap<Vocabulary, Map<string, string>>();

/**
 * The engine's view of an incident, the one place that says what json-rules-engine is told:
 * lists for activities, technologies and the roles present with each involvement (and with any),
 * and true / false / null (unknown) for every vocabulary fact.
 */
export function engineFacts(incident: Incident, vocabulary: Vocabulary, assume: Record<string, boolean> = {}): EngineFacts {
  const anyRole: string[] = [];
  const subject: string[] = [];
  const affected: string[] = [];
  const reporter: string[] = [];
  const witness: string[] = [];
  for (const person of incident.people) {
    anyRole.push(person.role);
    if (person.involvement === 'subject') subject.push(person.role);
    else if (person.involvement === 'affected') affected.push(person.role);
    else if (person.involvement === 'reporter') reporter.push(person.role);
    else if (person.involvement === 'witness') witness.push(person.role);
  }
  // One object literal with constant keys (the same shape every time), then the facts under
  // names made once per vocabulary: both keep building the facts cheap.
  const facts: EngineFacts = {
    activities: incident.activities,
    technologies: incident.technologies,
    'role.any': anyRole,
    'role.subject': subject,
    'role.affected': affected,
    'role.reporter': reporter,
    'role.witness': witness,
  };
  let keys = factKeysByVocabulary.get(vocabulary);
  if (!keys) factKeysByVocabulary.set(vocabulary, (keys = new Map(Object.keys(vocabulary.facts).map((name) => [name, factFact(name)]))));
  // Every fact unknown first (same keys in the same order for every incident), then the known
  // ones, then the assumed ones.
  for (const key of keys.values()) facts[key] = null;
  for (const known of [incident.facts, assume]) {
    for (const name in known) {
      const key = keys.get(name);
      if (key !== undefined && typeof known[name] === 'boolean') facts[key] = known[name];
    }
  }
  return facts;
}

// The literal above spells out roleFact(...) for speed; this keeps the two from drifting apart.
for (const involvement of ['any', ...INVOLVEMENTS]) {
  if (roleFact(involvement) !== `role.${involvement}`) throw new Error(`internal: roleFact("${involvement}") changed`);
}

/** Runs the candidate rules with json-rules-engine; resolves to the ids of the rules that fired. */
export function fire(compiled: CompiledRules, incident: Incident, ruleIds: string[], assume?: Record<string, boolean>): Promise<Set<string>> {
  return compiled.runner.run(ruleIds, engineFacts(incident, compiled.vocabulary, assume));
}

/** The same answer as `fire`, from the compiled predicates (no engine run), in `ruleIds` order. */
export function fireByPredicates(compiled: CompiledRules, facts: EngineFacts, ruleIds: readonly string[]): string[] {
  return ruleIds.filter((id) => compiled.predicates.get(id)!(facts));
}

/** A hypothesis about unknown facts, and the rules that would then fire. */
export interface Hypothesis {
  facts: Record<string, boolean>;
  rules: string[];
}

/** One trial of the hypothesis search: an assignment of unknown facts, and the rules it could fire. */
interface Trial {
  facts: Record<string, boolean>;
  rules: string[];
}

/**
 * For rules that did not fire and read unknown facts: the smallest assignments of those unknown
 * facts (one fact, then two, then three) under which json-rules-engine would fire them.
 */
export async function hypotheses(
  compiled: CompiledRules,
  incident: Incident,
  candidates: string[],
  fired: Set<string>,
): Promise<Hypothesis[]> {
  const search = searchHypotheses(compiled, incident, candidates, fired);
  let step = search.next();
  while (!step.done) step = search.next(await fire(compiled, incident, step.value.rules, step.value.facts));
  return step.value;
}

/**
 * The same answer as `hypotheses`, from the compiled predicates (no engine run). Rule by rule
 * rather than grouped by assumption (a predicate costs nothing to call alone), on one scratch
 * copy of the facts; rules that no assumption can fire are skipped.
 */
export function hypothesesByPredicates(
  compiled: CompiledRules,
  incident: Incident,
  facts: EngineFacts,
  candidates: string[],
  firedRules: readonly string[],
): Hypothesis[] {
  const fired = new Set(firedRules);
  const found = new Map<string, Hypothesis>();
  let scratch: EngineFacts | undefined;
  for (const rule of candidates) {
    if (fired.has(rule)) continue;
    const read = compiled.factsRead.get(rule)!;
    if (read.length === 0 || read.every((f) => f in incident.facts)) continue;
    if (compiled.possibilities.get(rule)!(facts) === NO) continue;
    const unknown = read.filter((f) => !(f in incident.facts));
    const search: Search = { predicate: compiled.predicates.get(rule)!, rule, unknown, keys: unknown.map(factFact), engine: (scratch ??= { ...facts }), found };
    // Assumptions of one, then two, then three of the unknown facts (in their sorted order, each
    // true before false), as `searchHypotheses` makes them; the first size that fires settles it.
    const n = unknown.length;
    let settled = false;
    for (let a = 0; a < n; a++) for (const va of BOTH) settled = assume(search, [a], [va]) || settled;
    if (settled) continue;
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) for (const va of BOTH) for (const vb of BOTH) settled = assume(search, [a, b], [va, vb]) || settled;
    }
    if (settled) continue;
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        for (let c = b + 1; c < n; c++) for (const va of BOTH) for (const vb of BOTH) for (const vc of BOTH) assume(search, [a, b, c], [va, vb, vc]);
      }
    }
  }
  return [...found.values()];
}

const BOTH = [true, false] as const;

interface Search {
  predicate: Predicate;
  rule: string;
  /** The rule's unknown facts, sorted, and their engine fact names. */
  unknown: string[];
  keys: string[];
  /** The incident's engine facts, changed in place for one assumption at a time. */
  engine: EngineFacts;
  found: Map<string, Hypothesis>;
}

/** Tries one assumption (the unknown facts at `picked` set to `values`); records it if the rule fires. */
function assume(s: Search, picked: number[], values: boolean[]): boolean {
  for (let i = 0; i < picked.length; i++) s.engine[s.keys[picked[i]!]!] = values[i];
  const fires = s.predicate(s.engine);
  for (const i of picked) s.engine[s.keys[i]!] = null;
  if (!fires) return false;
  const assumed: Record<string, boolean> = {};
  for (let i = 0; i < picked.length; i++) assumed[s.unknown[picked[i]!]!] = values[i]!;
  const key = JSON.stringify(assumed);
  const h = s.found.get(key);
  if (h) h.rules.push(s.rule);
  else s.found.set(key, { facts: assumed, rules: [s.rule] });
  return true;
}

/**
 * The hypothesis search, written once for both evaluators: it yields trials (an assignment and
 * the rules to run under it) and is sent back the ids of the rules that fired.
 */
function* searchHypotheses(
  compiled: CompiledRules,
  incident: Incident,
  candidates: string[],
  fired: Set<string>,
): Generator<Trial, Hypothesis[], Set<string>> {
  const open = new Map<string, string[]>();
  for (const id of candidates) {
    if (fired.has(id)) continue;
    const unknown = (compiled.factsRead.get(id) ?? []).filter((f) => !(f in incident.facts));
    if (unknown.length > 0) open.set(id, unknown);
  }
  const found = new Map<string, Hypothesis>();
  const record = (facts: Record<string, boolean>, rule: string) => {
    const key = JSON.stringify(facts);
    const h = found.get(key) ?? { facts, rules: [] };
    h.rules.push(rule);
    found.set(key, h);
  };
  for (let size = 1; size <= 3 && open.size > 0; size++) {
    // Group the open rules by each assignment of `size` of their unknown facts, so one engine
    // run answers every rule that the same assignment could fire.
    const trials = new Map<string, Trial>();
    for (const [rule, unknown] of open) {
      for (const subset of subsetsOfSize(unknown, size)) {
        for (const facts of assignments(subset)) {
          const key = JSON.stringify(facts);
          const trial = trials.get(key) ?? { facts, rules: [] };
          trial.rules.push(rule);
          trials.set(key, trial);
        }
      }
    }
    const settled = new Set<string>();
    for (const key of [...trials.keys()].sort()) {
      const trial = trials.get(key)!;
      trial.rules.sort();
      const now: Set<string> = yield trial;
      for (const rule of trial.rules) {
        if (now.has(rule)) {
          record(trial.facts, rule);
          settled.add(rule);
        }
      }
    }
    for (const rule of settled) open.delete(rule);
  }
  return [...found.values()];
}

function* subsetsOfSize<T>(items: T[], size: number, start = 0): Generator<T[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = start; i <= items.length - size; i++) {
    for (const rest of subsetsOfSize(items, size - 1, i + 1)) yield [items[i]!, ...rest];
  }
}

function* assignments(names: string[]): Generator<Record<string, boolean>> {
  const count = 1 << names.length;
  for (let bits = count - 1; bits >= 0; bits--) {
    const facts: Record<string, boolean> = {};
    names.forEach((name, i) => (facts[name] = Boolean(bits & (1 << (names.length - 1 - i)))));
    yield facts;
  }
}
