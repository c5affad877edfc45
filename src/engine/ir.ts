import type { LoadedRule } from '../policy/read.js';
import { OUTCOME_CATALOGUE, OUTCOME_KINDS, ROLE_KEYS, type Condition, type Contact, type Manifest, type Modality, type OutcomeKind, type Timing } from '../policy/schema.js';
import type { Vocabulary } from '../vocabulary/schema.js';

/**
 * The compiled form of a policy: built once at load, read by everything that needs to know what
 * a rule means (evaluation, the question search, explain, the incident space, the reference
 * json-rules-engine rules, diff, render, coverage).
 *
 * Conditions are in negation normal form over *literals*. Every atom (an activity, a technology,
 * a role with an involvement, a vocabulary fact) has two literals: "holds" (2a) and "does not
 * hold" (2a + 1). An incident sets, in a bit vector, the literals it makes known: a present or
 * absent term sets one of its two; a known fact sets one; an unknown fact sets neither. A
 * condition in negation normal form is monotone in those bits, so:
 * - it is known true when it holds on the known bits (a rule fires only then, never on a guess);
 * - it may be true when it holds on the known bits plus both literals of every unknown fact.
 */
export interface CompiledPolicy {
  atoms: Atom[];
  /** Atom numbers by kind and term (roles by `involvement\0role`). */
  activityAtoms: Map<string, number>;
  technologyAtoms: Map<string, number>;
  roleAtoms: Map<string, number>;
  factAtoms: Map<string, number>;
  /** 32-bit words in a literal vector. */
  words: number;
  /** The literal vector of an incident with nothing present and every fact unknown. */
  blank: Int32Array;
  /** Both literals of every fact atom: the bits an unknown fact may take. */
  factBits: Int32Array;
  /** The involvements people can have (from the vocabulary), and `any` for `involves:`. */
  involvements: string[];
  /** Rules in rank order (by id), the order every reader lists them in. */
  rules: CompiledRule[];
  ruleRank: Map<string, number>;
  /** 32-bit words in a rule set. */
  ruleWords: number;
  /** Rule sets by present literal: a rule is listed under the literals one of which it needs. */
  candidatesByLiteral: Map<number, Int32Array>;
  /** The rules that need no particular term present (candidates for every incident). */
  unindexed: Int32Array;
  /** One slot per distinct outcome (kind, target, who acts): decisions merge by slot. */
  slots: OutcomeSlot[];
  vocabulary: Vocabulary;
}

export type AtomKind = 'activity' | 'technology' | 'role' | 'fact';

export interface Atom {
  kind: AtomKind;
  term: string;
  /** For a role: the involvement, or `any` (from `involves:`). */
  involvement?: string;
}

/** A condition node in negation normal form. `holds` tests it on a literal vector. */
export type ConditionNode = LiteralNode | GroupNode;

interface NodeBase {
  /** The source condition this node stands for, and whether it stands for its negation (for phrasing). */
  source: Condition;
  negated: boolean;
  holds: (bits: Int32Array) => boolean;
}

export interface LiteralNode extends NodeBase {
  op: 'literal';
  literal: number;
}

export interface GroupNode extends NodeBase {
  op: 'all' | 'any';
  children: ConditionNode[];
}

export interface CompiledRule {
  id: string;
  rank: number;
  cite: string;
  label: string;
  file: string;
  line: number;
  /** The policy it comes from, in a policy that extends another (see LoadedRule). */
  policy?: string;
  when: ConditionNode;
  unless?: ConditionNode;
  /** Ranks of the rules that defeat this one where they apply, and of those this one defeats. */
  overriddenBy: number[];
  overrides: number[];
  /** The vocabulary facts `when` reads, sorted. */
  factsRead: string[];
  /** The vocabulary facts its exceptions read (its `unless`, and whatever decides its overriders), sorted. */
  exceptionFactsRead: string[];
  outcomes: ResolvedOutcome[];
  source: LoadedRule;
}

/** An outcome with everything resolved: the modality default applied, label and contact looked up. */
export interface ResolvedOutcome {
  slot: number;
  kind: OutcomeKind;
  target: string;
  label: string;
  modality: Modality;
  by?: string;
  timing?: Timing;
  contact?: Contact;
}

export interface OutcomeSlot {
  key: string;
  kind: OutcomeKind;
  target: string;
  by?: string;
}

const INVOLVEMENT_KEYS = ROLE_KEYS.filter((k) => k !== 'involves');

/** Compiles checked rules (override targets known, no cycles) into the policy's compiled form. */
export function compilePolicy(rules: LoadedRule[], vocabulary: Vocabulary, manifest: Pick<Manifest, 'contacts'>): CompiledPolicy {
  const atoms: Atom[] = [];
  const maps = { activity: new Map<string, number>(), technology: new Map<string, number>(), role: new Map<string, number>(), fact: new Map<string, number>() };
  const atom = (kind: AtomKind, term: string, involvement?: string): number => {
    const key = kind === 'role' ? `${involvement}\0${term}` : term;
    let n = maps[kind].get(key);
    if (n === undefined) {
      n = atoms.length;
      atoms.push(involvement === undefined ? { kind, term } : { kind, term, involvement });
      maps[kind].set(key, n);
    }
    return n;
  };
  // Atoms in a fixed order (vocabulary order), so the compiled form does not depend on rule order.
  const involvements = [...Object.keys(vocabulary.involvement), 'any'];
  const sorted = [...rules].sort((a, b) => compare(a.id, b.id));
  const used = new Set<string>();
  for (const rule of sorted) {
    for (const c of [rule.when, ...(rule.unless ? [rule.unless] : [])]) collectTerms(c, used);
  }
  for (const a of Object.keys(vocabulary.activities)) if (used.has(`activity\0${a}`)) atom('activity', a);
  for (const t of Object.keys(vocabulary.technologies)) if (used.has(`technology\0${t}`)) atom('technology', t);
  for (const involvement of involvements) {
    for (const r of Object.keys(vocabulary.roles)) if (used.has(`role\0${involvement}\0${r}`)) atom('role', r, involvement);
  }
  for (const f of Object.keys(vocabulary.facts)) if (used.has(`fact\0${f}`)) atom('fact', f);
  // A term outside the vocabulary cannot pass the policy checks; should one get here, it still
  // compiles, and the dry run against json-rules-engine (which is never told of it) names its rule.
  for (const key of [...used].sort(compare)) {
    const [kind, a, b] = key.split('\0') as [AtomKind, string, string?];
    if (kind === 'role') atom('role', b!, a);
    else atom(kind, a);
  }
  const words = Math.max(1, Math.ceil((atoms.length * 2) / 32));
  const blank = new Int32Array(words);
  const factBits = new Int32Array(words);
  atoms.forEach((a, n) => {
    if (a.kind === 'fact') {
      setBit(factBits, 2 * n);
      setBit(factBits, 2 * n + 1);
    } else setBit(blank, 2 * n + 1); // absent until the incident says otherwise
  });

  const lookup = (kind: AtomKind, term: string, involvement?: string) => maps[kind].get(kind === 'role' ? `${involvement}\0${term}` : term)!;
  const toNode = (c: Condition, negated: boolean): ConditionNode => nnf(c, negated, lookup);

  const ruleRank = new Map(sorted.map((r, i) => [r.id, i]));
  const slots: OutcomeSlot[] = [];
  const slotOf = new Map<string, number>();
  const compiled: CompiledRule[] = sorted.map((rule, rank) => {
    const when = toNode(rule.when, false);
    const outcomes = rule.then.map((spec): ResolvedOutcome => {
      const kind = OUTCOME_KINDS.find((k) => spec[k] !== undefined)!;
      const target = spec[kind]!;
      const key = `${kind}\0${target}\0${spec.by ?? ''}`;
      let slot = slotOf.get(key);
      if (slot === undefined) {
        slotOf.set(key, (slot = slots.length));
        slots.push(spec.by === undefined ? { key, kind, target } : { key, kind, target, by: spec.by });
      }
      const catalogue = vocabulary[OUTCOME_CATALOGUE[kind]] as Record<string, string>;
      const out: ResolvedOutcome = {
        slot,
        kind,
        target,
        label: Object.hasOwn(catalogue, target) ? catalogue[target]! : target,
        modality: spec.modality ?? rule.modality!,
      };
      if (spec.by !== undefined) out.by = spec.by;
      if (spec.timing !== undefined) out.timing = spec.timing;
      const contact = kind === 'referral' || kind === 'notification' ? ownValue(manifest.contacts, target) : undefined;
      if (contact) out.contact = contact;
      return out;
    });
    const out: CompiledRule = {
      id: rule.id,
      rank,
      cite: rule.cite,
      label: rule.label,
      file: rule.file,
      line: rule.line,
      when,
      overriddenBy: [],
      overrides: (rule.override ?? []).map((id) => ruleRank.get(id)!).sort((a, b) => a - b),
      factsRead: factsOf(when, atoms),
      exceptionFactsRead: [],
      outcomes,
      source: rule,
    };
    if (rule.unless) out.unless = toNode(rule.unless, false);
    if (rule.policy !== undefined) out.policy = rule.policy;
    return out;
  });
  for (const r of compiled) for (const o of r.overrides) compiled[o]!.overriddenBy.push(r.rank);
  for (const r of compiled) r.exceptionFactsRead = [...exceptionFacts(r, compiled, atoms, new Set())].sort(compare);

  const ruleWords = Math.max(1, Math.ceil(compiled.length / 32));
  const candidatesByLiteral = new Map<number, Int32Array>();
  const unindexed = new Int32Array(ruleWords);
  for (const r of compiled) {
    const needed = requiredLiterals(r.when, atoms);
    if (!needed) {
      setBit(unindexed, r.rank);
      continue;
    }
    for (const literal of needed) {
      let set = candidatesByLiteral.get(literal);
      if (!set) candidatesByLiteral.set(literal, (set = new Int32Array(ruleWords)));
      setBit(set, r.rank);
    }
  }
  return {
    atoms,
    activityAtoms: maps.activity,
    technologyAtoms: maps.technology,
    roleAtoms: maps.role,
    factAtoms: maps.fact,
    words,
    blank,
    factBits,
    involvements,
    rules: compiled,
    ruleRank,
    ruleWords,
    candidatesByLiteral,
    unindexed,
    slots,
    vocabulary,
  };
}

function collectTerms(c: Condition, into: Set<string>): void {
  for (const child of [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])]) collectTerms(child, into);
  if (c.activity !== undefined) into.add(`activity\0${c.activity}`);
  if (c.technology !== undefined) into.add(`technology\0${c.technology}`);
  if (c.fact !== undefined) into.add(`fact\0${c.fact}`);
  if (c.involves !== undefined) into.add(`role\0any\0${c.involves}`);
  for (const involvement of INVOLVEMENT_KEYS) if (c[involvement] !== undefined) into.add(`role\0${involvement}\0${c[involvement]}`);
}

/** The condition in negation normal form: `not` pushed down to the literals. */
function nnf(c: Condition, negated: boolean, lookup: (kind: AtomKind, term: string, involvement?: string) => number): ConditionNode {
  if (c.not) {
    const inner = nnf(c.not, !negated, lookup);
    // The node stands for this `not` (for phrasing), with the inner node's meaning.
    return { ...inner, source: c, negated };
  }
  const group = c.all ?? c.any;
  if (group) {
    const op = (c.all !== undefined) !== negated ? 'all' : 'any';
    const children = group.map((x) => nnf(x, negated, lookup));
    return { op, children, source: c, negated, holds: groupTest(op, children) };
  }
  let a: number;
  if (c.activity !== undefined) a = lookup('activity', c.activity);
  else if (c.technology !== undefined) a = lookup('technology', c.technology);
  else if (c.fact !== undefined) a = lookup('fact', c.fact);
  else if (c.involves !== undefined) a = lookup('role', c.involves, 'any');
  else {
    const involvement = INVOLVEMENT_KEYS.find((k) => c[k] !== undefined);
    if (involvement === undefined) throw new Error(`internal: uncompilable condition ${JSON.stringify(c)}`);
    a = lookup('role', c[involvement]!, involvement);
  }
  const literal = 2 * a + (negated ? 1 : 0);
  return { op: 'literal', literal, source: c, negated, holds: literalTest(literal) };
}

function literalTest(literal: number): (bits: Int32Array) => boolean {
  const w = literal >>> 5;
  const m = 1 << (literal & 31);
  return (bits) => (bits[w]! & m) !== 0;
}

/**
 * A group as one closure: its literal children folded into one mask per word (all: every bit
 * set; any: some bit set), its other children called in order. Composed at load, no eval, so the
 * core runs under a browser's content-security policy.
 */
function groupTest(op: 'all' | 'any', children: ConditionNode[]): (bits: Int32Array) => boolean {
  const masks = new Map<number, number>();
  const rest: ((bits: Int32Array) => boolean)[] = [];
  for (const child of children) {
    if (child.op === 'literal') {
      const w = child.literal >>> 5;
      masks.set(w, (masks.get(w) ?? 0) | (1 << (child.literal & 31)));
    } else rest.push(child.holds);
  }
  const ws = [...masks.keys()];
  const ms = ws.map((w) => masks.get(w)!);
  const n = ws.length;
  if (op === 'all') {
    if (n === 1 && rest.length === 0) {
      const w = ws[0]!;
      const m = ms[0]!;
      return (bits) => (bits[w]! & m) === m;
    }
    return (bits) => {
      for (let i = 0; i < n; i++) if ((bits[ws[i]!]! & ms[i]!) !== ms[i]!) return false;
      for (const part of rest) if (!part(bits)) return false;
      return true;
    };
  }
  if (n === 1 && rest.length === 0) {
    const w = ws[0]!;
    const m = ms[0]!;
    return (bits) => (bits[w]! & m) !== 0;
  }
  return (bits) => {
    for (let i = 0; i < n; i++) if ((bits[ws[i]!]! & ms[i]!) !== 0) return true;
    for (const part of rest) if (part(bits)) return true;
    return false;
  };
}

/** Visits every literal of a node. */
export function eachLiteral(node: ConditionNode, visit: (literal: number) => void): void {
  if (node.op === 'literal') visit(node.literal);
  else for (const child of node.children) eachLiteral(child, visit);
}

function factsOf(node: ConditionNode, atoms: Atom[], into = new Set<string>()): string[] {
  eachLiteral(node, (l) => {
    const a = atoms[l >>> 1]!;
    if (a.kind === 'fact') into.add(a.term);
  });
  return [...into].sort(compare);
}

/** The facts that decide whether a rule's exceptions hold: its `unless`, and each overrider's condition and exceptions. */
function exceptionFacts(rule: CompiledRule, rules: CompiledRule[], atoms: Atom[], into: Set<string>): Set<string> {
  if (rule.unless) for (const f of factsOf(rule.unless, atoms)) into.add(f);
  for (const o of rule.overriddenBy) {
    const overrider = rules[o]!;
    for (const f of overrider.factsRead) into.add(f);
    exceptionFacts(overrider, rules, atoms, into);
  }
  return into;
}

/**
 * Present-term literals of which at least one must be set for the node to hold, or undefined
 * when it can hold without any: `all` needs what its most selective part needs, `any` one of
 * what each part needs. Presence literals only: a fact literal may be assumed by the question
 * search, a present term never is.
 */
function requiredLiterals(node: ConditionNode, atoms: Atom[]): Set<number> | undefined {
  if (node.op === 'literal') {
    const a = atoms[node.literal >>> 1]!;
    return a.kind !== 'fact' && node.literal % 2 === 0 ? new Set([node.literal]) : undefined;
  }
  if (node.op === 'all') {
    let best: Set<number> | undefined;
    let bestScore = Infinity;
    for (const child of node.children) {
      const req = requiredLiterals(child, atoms);
      if (!req) continue;
      // Fewer literals first; among equals, activities (the most telling list).
      const score = req.size * 2 + ([...req].every((l) => atoms[l >>> 1]!.kind === 'activity') ? 0 : 1);
      if (score < bestScore) [best, bestScore] = [req, score];
    }
    return best;
  }
  const union = new Set<number>();
  for (const child of node.children) {
    const req = requiredLiterals(child, atoms);
    if (!req) return undefined;
    for (const l of req) union.add(l);
  }
  return union;
}

/**
 * Terms of one kind of which at least one must be present for the node to hold, or undefined
 * when none must (what "about this activity" means for explain's near misses).
 */
export function requiredTerms(node: ConditionNode, atoms: Atom[], kind: AtomKind): Set<string> | undefined {
  if (node.op === 'literal') {
    const a = atoms[node.literal >>> 1]!;
    return a.kind === kind && node.literal % 2 === 0 ? new Set([a.term]) : undefined;
  }
  if (node.op === 'all') {
    let best: Set<string> | undefined;
    for (const child of node.children) {
      const req = requiredTerms(child, atoms, kind);
      if (req && (!best || req.size < best.size)) best = req;
    }
    return best;
  }
  const union = new Set<string>();
  for (const child of node.children) {
    const req = requiredTerms(child, atoms, kind);
    if (!req) return undefined;
    for (const t of req) union.add(t);
  }
  return union;
}

/** A literal as the one-key condition it tests, and whether it tests it holding. */
export function literalCondition(atoms: Atom[], literal: number): { condition: Condition; holds: boolean } {
  const a = atoms[literal >>> 1]!;
  const holds = literal % 2 === 0;
  if (a.kind === 'role') return { condition: a.involvement === 'any' ? { involves: a.term } : { [a.involvement!]: a.term }, holds };
  return { condition: { [a.kind]: a.term }, holds };
}

export function setBit(bits: Int32Array, n: number): void {
  bits[n >>> 5]! |= 1 << (n & 31);
}

export function hasBit(bits: Int32Array, n: number): boolean {
  return (bits[n >>> 5]! & (1 << (n & 31))) !== 0;
}

function ownValue<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
