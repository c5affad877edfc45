import type { Atom, CompiledRule, ConditionNode } from '../engine/ir.js';
import { compiledOf, type Policy } from '../engine/policy.js';
import type { IncidentInput } from '../incident/schema.js';

/**
 * The incident space of one or more policies (e.g. two versions of one policy): incidents that
 * tell apart everything the rules can tell apart, without the full product of every term.
 *
 * A rule reads only a few things: activities, (involvement, role) pairs, technologies and facts
 * (true / false / unknown). Each condition is read as its alternatives (its disjunctive normal
 * form): e.g. `all: [subject: staff, any: [activity: a, activity: b], fact: deliberate]` has two,
 * {staff subject, a, deliberate} and {staff subject, b, deliberate}. The space is:
 *
 * 1. Activity sets: each activity a rule names, alone; each set of activities an alternative
 *    needs together; and one activity no rule names, standing for all such activities.
 * 2. For each alternative, with the activity set it needs (the unnamed activity if it needs
 *    none), every combination of what it reads: each fact unknown / true / false, each
 *    (involvement, role) pair and technology absent / present; everything else stays at its
 *    baseline (unknown, absent). An incident reached twice is listed once.
 *
 * Why that is exhaustive. A decision gives each outcome (kind, target, who acts) the strongest
 * force among the rules that fired and give it. Rules are monotone in what an incident states:
 * an unknown fact satisfies no atom, either way, and an absent person, technology or activity
 * satisfies only atoms under `not`. Take any incident where an outcome's force differs between
 * two versions, say version A's is stronger because A's rule r fired by one of its alternatives.
 * Keep only what that alternative reads, and its activities (or the unnamed one): r still fires
 * under A, and under B no rule fires that did not fire before, so the outcome still differs, on
 * an incident of the space. (Were every activity named, alternatives needing none are listed
 * with every activity set instead.) Two exceptions keep the claim exact: where a rule names a person or technology under
 * `not` (absence makes it fire), the outcomes it gives are enumerated over the union of the
 * variables of every rule giving them; a rule naming an activity under `not` adds that activity
 * to its sets, and the description then says the claim covers only the sets listed.
 */
export interface IncidentSpace {
  /** How many incidents `incidents()` yields. */
  size: number;
  /** The canonical incidents, in a fixed order; each call starts again. */
  incidents(): Iterable<IncidentInput>;
  /** What the space is and what "exhaustive over this space" means, for reviewers. */
  description: string;
  /** The activity sets enumerated (each sorted). */
  activitySets: string[][];
  /** What the rules read (counted over all activity sets). */
  reads: { activities: number; facts: number; rolePairs: number; technologies: number };
}

const INVOLVEMENTS = ['subject', 'affected', 'reporter', 'witness'] as const;
type Involvement = (typeof INVOLVEMENTS)[number];

/** One variable of the space: a fact (3 values) or a presence (2 values). */
type Variable =
  | { kind: 'fact'; name: string }
  | { kind: 'person'; involvement: Involvement; role: string }
  | { kind: 'technology'; name: string };

const variableKey = (v: Variable) => (v.kind === 'person' ? `person:${v.involvement}:${v.role}` : `${v.kind}:${v.name}`);
const radix = (v: Variable) => (v.kind === 'fact' ? 3 : 2);

/** One alternative of a condition: the activities it needs and the variables it reads. */
interface Term {
  activities: string[];
  variables: Variable[];
}

interface ReadRule {
  terms: Term[];
  /** Activities named under a `not`. */
  negatedActivities: string[];
  /** Whether a person or technology is named under a `not` (absence can make the rule fire). */
  negatedPresence: boolean;
  /** Outcome keys (kind, target, who acts) the rule gives. */
  outcomes: string[];
}

export function incidentSpace(policies: Policy[]): IncidentSpace {
  if (policies.length === 0) throw new TypeError('incidentSpace: give at least one policy');
  const compiled = policies.map(compiledOf);
  const roleVariables = roleVariablesOf(compiled.flatMap((ir) => ir.rules.map((rule) => ({ rule, atoms: ir.atoms }))));
  const readRules = compiled.flatMap((ir) => ir.rules.map((rule) => readRule(rule, ir.rules, ir.atoms, roleVariables)));

  // The activity standing for those no rule names is one every version knows (a version's own
  // terms are not the other's), so that the incident means the same under each.
  const shared = Object.keys(policies[0]!.vocabulary.activities).filter((a) => policies.every((p) => Object.hasOwn(p.vocabulary.activities, a)));
  const { sets: activitySets, unnamed } = activitySetsOf(readRules, shared);
  // An alternative that needs no activity is listed with the activity no rule names; if every
  // activity is named, with every activity set.
  const plans = activitySets.map((set) => planFor(set, readRules, unnamed === undefined || set.join() === unnamed));
  const size = plans.reduce((n, p) => n + p.size, 0);
  const used = new Map<string, Variable>();
  for (const p of plans) for (const vars of p.variableSets) for (const v of vars) used.set(variableKey(v), v);
  const count = (k: Variable['kind']) => [...used.values()].filter((v) => v.kind === k).length;
  const reads = {
    activities: new Set(readRules.flatMap((r) => [...r.terms.flatMap((t) => t.activities), ...r.negatedActivities])).size,
    facts: count('fact'),
    rolePairs: count('person'),
    technologies: count('technology'),
  };
  const negatesActivity = readRules.some((r) => r.negatedActivities.length > 0);
  return {
    size,
    activitySets,
    reads,
    description:
      `${size} incidents: ${activitySets.length} activity sets (each of the ${reads.activities} activities the rules name, ` +
      `the sets of activities a rule needs together, and one activity no rule names), each with every combination of what ` +
      `the rule conditions needing exactly those activities read (${plural(reads.facts, 'fact')} in all, each true / false / unknown; ` +
      `${plural(reads.rolePairs, 'role-and-involvement pair')} and ${plural(reads.technologies, 'technology', 'technologies')}, each present / absent), ` +
      `all else unknown or absent. Exhaustive over this space means: if any incident the vocabulary can describe gets a ` +
      `different outcome, force or timing under one version than under the other, so does an incident of this space, ` +
      `for the same outcome` +
      (negatesActivity ? ' (among the activity sets listed: a rule names an activity under "not").' : '.'),
    *incidents() {
      for (const plan of plans) yield* plan.incidents();
    },
  };
}

/** The variables for each role: the pairs rules name, plus one "other involvement" pair for `involves: r`. */
function roleVariablesOf(rules: { rule: CompiledRule; atoms: Atom[] }[]): Map<string, Variable[]> {
  const named = new Map<string, Set<Involvement | 'involves'>>();
  for (const { rule, atoms } of rules) {
    for (const node of [rule.when, ...(rule.unless ? [rule.unless] : [])]) {
      eachAtom(node, atoms, (atom) => {
        if (atom.kind !== 'role') return;
        addTo(named, atom.term, atom.involvement === 'any' ? 'involves' : (atom.involvement as Involvement));
      });
    }
  }
  const out = new Map<string, Variable[]>();
  for (const [role, set] of named) {
    const vars: Variable[] = INVOLVEMENTS.filter((i) => set.has(i)).map((involvement) => ({ kind: 'person', involvement, role }));
    const other = INVOLVEMENTS.find((i) => !set.has(i));
    if (set.has('involves') && other) vars.push({ kind: 'person', involvement: other, role });
    out.set(role, vars);
  }
  return out;
}

function eachAtom(node: ConditionNode, atoms: Atom[], visit: (atom: Atom, holds: boolean) => void): void {
  if (node.op === 'literal') visit(atoms[node.literal >>> 1]!, node.literal % 2 === 0);
  else for (const child of node.children) eachAtom(child, atoms, visit);
}

/**
 * A rule's alternatives, read off its compiled condition (negation normal form: every literal
 * knows whether it is negated). An exception (`unless`, or a rule that overrides it) can turn
 * the rule off where it would fire, so everything the exceptions read is added to each
 * alternative (its activities as if named under `not`): the space then lists each alternative
 * with the exceptions both holding and not.
 */
function readRule(rule: CompiledRule, rules: CompiledRule[], atoms: Atom[], roleVariables: Map<string, Variable[]>): ReadRule {
  const read: ReadRule = { terms: [], negatedActivities: [], negatedPresence: false, outcomes: rule.outcomes.map((o) => `${o.kind}\0${o.target}\0${o.by ?? ''}`) };
  const variable = (atom: Atom): Variable[] => {
    if (atom.kind === 'fact') return [{ kind: 'fact', name: atom.term }];
    if (atom.kind === 'technology') return [{ kind: 'technology', name: atom.term }];
    if (atom.involvement === 'any') return roleVariables.get(atom.term)!;
    return [{ kind: 'person', involvement: atom.involvement as Involvement, role: atom.term }];
  };
  const dnf = (node: ConditionNode): Term[] => {
    if (node.op !== 'literal') {
      if (node.op === 'any') return node.children.flatMap(dnf);
      return node.children
        .map(dnf)
        .reduce<Term[]>(
          (acc, terms) => acc.flatMap((a) => terms.map((b) => ({ activities: [...a.activities, ...b.activities], variables: [...a.variables, ...b.variables] }))),
          [{ activities: [], variables: [] }],
        );
    }
    const atom = atoms[node.literal >>> 1]!;
    const holds = node.literal % 2 === 0;
    if (atom.kind === 'activity') {
      if (!holds) read.negatedActivities.push(atom.term);
      return [{ activities: holds ? [atom.term] : [], variables: [] }];
    }
    if (atom.kind !== 'fact' && !holds) read.negatedPresence = true;
    // Present in any involvement: one alternative per pair; absent from all: one with every pair.
    if (atom.kind === 'role' && atom.involvement === 'any' && holds) return variable(atom).map((v) => ({ activities: [], variables: [v] }));
    return [{ activities: [], variables: variable(atom) }];
  };
  // What the exceptions read, added to every alternative.
  const extra: Variable[] = [];
  const seen = new Set<number>();
  const exceptions = (r: CompiledRule) => {
    for (const node of [...(r.unless ? [r.unless] : []), ...r.overriddenBy.map((o) => rules[o]!.when)]) {
      eachAtom(node, atoms, (atom) => {
        if (atom.kind === 'activity') read.negatedActivities.push(atom.term);
        else {
          read.negatedPresence ||= atom.kind !== 'fact';
          extra.push(...variable(atom));
        }
      });
    }
    for (const o of r.overriddenBy) if (!seen.has(o)) (seen.add(o), exceptions(rules[o]!));
  };
  exceptions(rule);
  const unique = new Map<string, Term>();
  for (const term of dnf(rule.when)) {
    const activities = [...new Set(term.activities)].sort(compare);
    const variables = [...new Map([...term.variables, ...extra].map((v) => [variableKey(v), v])).entries()].sort(byKey).map(([, v]) => v);
    unique.set(`${activities.join(',')}#${keyOf(variables)}`, { activities, variables });
  }
  read.terms = [...unique.values()];
  read.negatedActivities = [...new Set(read.negatedActivities)];
  return read;
}

interface Plan {
  size: number;
  variableSets: Variable[][];
  incidents(): Iterable<IncidentInput>;
}

function planFor(activities: string[], rules: ReadRule[], withActivityFree: boolean): Plan {
  const own = activities.join();
  const present = new Set(activities);
  const relevant = rules.filter((r) => r.terms.some((t) => meets(r, t)));
  function meets(rule: ReadRule, t: Term): boolean {
    if (t.activities.length === 0) return withActivityFree;
    // A rule that names an activity under `not` is also listed with that activity added.
    if (rule.negatedActivities.length > 0) return t.activities.every((a) => present.has(a));
    return t.activities.join() === own;
  }
  // Outcomes given by a rule that absence can make fire: enumerated over all their rules' variables.
  const wholeOutcomes = new Set(relevant.filter((r) => r.negatedPresence).flatMap((r) => r.outcomes));
  const sets: Variable[][] = [];
  const byOutcome = new Map<string, Variable[]>();
  for (const rule of relevant) {
    const terms = rule.terms.filter((t) => meets(rule, t));
    if (!rule.outcomes.some((o) => wholeOutcomes.has(o))) {
      for (const t of terms) sets.push(t.variables);
      continue;
    }
    for (const o of rule.outcomes.filter((x) => wholeOutcomes.has(x))) byOutcome.set(o, [...(byOutcome.get(o) ?? []), ...terms.flatMap((t) => t.variables)]);
  }
  sets.push(...byOutcome.values());
  const distinct = new Map<string, Variable[]>();
  for (const vars of sets) {
    const sorted = [...new Map(vars.map((v) => [variableKey(v), v])).entries()].sort(byKey).map(([, v]) => v);
    distinct.set(keyOf(sorted), sorted);
  }
  // A set inside a larger one adds no combination the larger one lacks.
  const candidates = [...distinct.values()].map((vars) => ({ vars, keys: new Set(vars.map(variableKey)) }));
  const variableSets = candidates
    .filter(({ vars }, i) => !candidates.some((o, j) => j !== i && o.vars.length > vars.length && vars.every((v) => o.keys.has(variableKey(v)))))
    .map(({ vars }) => vars)
    .sort((a, b) => a.length - b.length || compare(keyOf(a), keyOf(b)));

  // Each variable set's combinations (baseline values left out), skipping those listed already.
  function* assignments(): Generator<[Variable, number][]> {
    if (variableSets.length === 0) {
      yield [];
      return;
    }
    const seen = new Set<string>();
    for (const vars of variableSets) {
      const digits = vars.map(() => 0);
      for (;;) {
        const values = vars.flatMap((v, j): [Variable, number][] => (digits[j]! > 0 ? [[v, digits[j]!]] : []));
        const key = values.map(([v, d]) => `${variableKey(v)}=${d}`).join('|');
        if (!seen.has(key)) {
          seen.add(key);
          yield values;
        }
        let i = vars.length - 1;
        while (i >= 0 && digits[i] === radix(vars[i]!) - 1) digits[i--] = 0;
        if (i < 0) break;
        digits[i]!++;
      }
    }
  }
  let size = 0;
  for (const _ of assignments()) size++;
  return {
    size,
    variableSets,
    *incidents() {
      for (const values of assignments()) yield incidentOf(activities, values);
    },
  };
}

/** The canonical incident: activities, people, technologies and known facts, each sorted. */
function incidentOf(activities: string[], values: [Variable, number][]): IncidentInput {
  const people: { role: string; involvement: string }[] = [];
  const technologies: string[] = [];
  const facts: [string, boolean][] = [];
  for (const [v, d] of values) {
    if (v.kind === 'person') people.push({ role: v.role, involvement: v.involvement });
    else if (v.kind === 'technology') technologies.push(v.name);
    else facts.push([v.name, d === 1]);
  }
  people.sort(
    (a, b) => INVOLVEMENTS.indexOf(a.involvement as Involvement) - INVOLVEMENTS.indexOf(b.involvement as Involvement) || compare(a.role, b.role),
  );
  return { people, activities: [...activities], technologies: technologies.sort(compare), facts: Object.fromEntries(facts.sort(byKey)) };
}

/** Activity sets to enumerate: singletons, the sets alternatives need together, one unnamed activity. */
function activitySetsOf(rules: ReadRule[], activities: string[]): { sets: string[][]; unnamed?: string } {
  const sets = new Map<string, string[]>();
  const add = (set: string[]) => {
    const sorted = [...new Set(set)].sort(compare);
    if (sorted.length > 0) sets.set(sorted.join(','), sorted);
  };
  const named = new Set<string>();
  for (const r of rules) {
    for (const t of r.terms) {
      for (const a of t.activities) named.add(a);
      add(t.activities);
      for (const extra of r.negatedActivities) add([...t.activities, extra]);
    }
    for (const a of r.negatedActivities) named.add(a);
  }
  for (const a of named) add([a]);
  const unnamed = [...activities].sort(compare).find((a) => !named.has(a));
  if (unnamed) add([unnamed]);
  const sorted = [...sets.values()].sort((a, b) => a.length - b.length || compare(a.join(','), b.join(',')));
  return unnamed === undefined ? { sets: sorted } : { sets: sorted, unnamed };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function keyOf(vars: Variable[]): string {
  return vars.map(variableKey).join('|');
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key) ?? new Set<V>();
  set.add(value);
  map.set(key, set);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byKey<T>(a: [string, T], b: [string, T]): number {
  return compare(a[0], b[0]);
}
