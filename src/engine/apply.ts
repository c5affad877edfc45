import type { Incident } from '../incident/schema.js';
import { hasBit, setBit, type CompiledPolicy, type CompiledRule } from './ir.js';

/**
 * Applying a policy's compiled form (ir.ts) to an incident: which rules apply, which exceptions
 * might still defeat them, and which unknown facts would change that. The one evaluator: the
 * decision, explain and the reference check all read what this finds.
 */

/** The literal vector of an incident: what it makes known (see ir.ts). */
export function knownBits(ir: CompiledPolicy, incident: Incident): Int32Array {
  const bits = ir.blank.slice();
  const present = (n: number | undefined) => {
    if (n === undefined) return;
    bits[(2 * n + 1) >>> 5]! &= ~(1 << ((2 * n + 1) & 31));
    setBit(bits, 2 * n);
  };
  for (const a of incident.activities) present(ir.activityAtoms.get(a));
  for (const t of incident.technologies) present(ir.technologyAtoms.get(t));
  for (const p of incident.people) {
    present(ir.roleAtoms.get(`${p.involvement}\0${p.role}`));
    present(ir.roleAtoms.get(`any\0${p.role}`));
  }
  const facts = incident.facts;
  for (const name in facts) {
    const n = ir.factAtoms.get(name);
    if (n !== undefined) setBit(bits, 2 * n + (facts[name] ? 0 : 1));
  }
  return bits;
}

/** The known bits plus both literals of every unknown fact: where a condition may hold. */
export function possibleBits(ir: CompiledPolicy, known: Int32Array): Int32Array {
  const bits = known.slice();
  for (let w = 0; w < ir.words; w++) {
    const facts = ir.factBits[w]!;
    if (facts === 0) continue;
    // A fact is known when either of its two bits is set; spread that to both bits of the pair.
    const k = known[w]! & facts;
    const knownPairs = k | ((k & 0x55555555) << 1) | ((k >>> 1) & 0x55555555);
    bits[w]! |= facts & ~knownPairs;
  }
  return bits;
}

/** Whether the incident leaves a vocabulary fact unknown (a fact no rule reads counts as unknown). */
export function isUnknown(ir: CompiledPolicy, known: Int32Array, fact: string): boolean {
  const n = ir.factAtoms.get(fact);
  return n === undefined || (!hasBit(known, 2 * n) && !hasBit(known, 2 * n + 1));
}

/** The rules that could apply (or be asked about) given what is present, in rank order. */
export function candidateRules(ir: CompiledPolicy, known: Int32Array): number[] {
  const set = ir.unindexed.slice();
  for (const [literal, rules] of ir.candidatesByLiteral) {
    if (!hasBit(known, literal)) continue;
    for (let w = 0; w < ir.ruleWords; w++) set[w]! |= rules[w]!;
  }
  const out: number[] = [];
  for (let w = 0; w < ir.ruleWords; w++) {
    let word = set[w]!;
    while (word !== 0) {
      const low = word & -word;
      out.push(w * 32 + 31 - Math.clz32(low));
      word ^= low;
    }
  }
  return out;
}

/** A rule applies when its condition is known true and no exception is known to hold. */
export function applies(ir: CompiledPolicy, rule: CompiledRule, bits: Int32Array): boolean {
  return rule.when.holds(bits) && !defeated(ir, rule, bits);
}

/** An exception of the rule is known to hold: its `unless`, or a rule that overrides it applies. */
export function defeated(ir: CompiledPolicy, rule: CompiledRule, bits: Int32Array): boolean {
  if (rule.unless?.holds(bits)) return true;
  for (const o of rule.overriddenBy) if (applies(ir, ir.rules[o]!, bits)) return true;
  return false;
}

/** An exception of an applying rule that may hold (unknown): it is given with this caveat. */
export interface Caveat {
  /** The rule whose `unless` it is, or the rule that would override. */
  rule: string;
  kind: 'unless' | 'override';
}

/** The exceptions that may still defeat an applying rule (none known to hold, by definition). */
export function caveatsOf(ir: CompiledPolicy, rule: CompiledRule, known: Int32Array, possible: Int32Array): Caveat[] {
  const out: Caveat[] = [];
  if (rule.unless?.holds(possible)) out.push({ rule: rule.id, kind: 'unless' });
  for (const o of rule.overriddenBy) {
    const overrider = ir.rules[o]!;
    if (overrider.when.holds(possible) && !defeated(ir, overrider, known)) out.push({ rule: overrider.id, kind: 'override' });
  }
  return out;
}

/** Facts assumed for one question, and the rules it would make apply, or stop applying. */
export interface Hypothesis {
  facts: Record<string, boolean>;
  /** Rule ids (rank order) that would then apply. */
  adds: string[];
  /** Rule ids (rank order) that would then be defeated by an exception. */
  removes: string[];
}

/** What applying the rules to one incident found. */
export interface Applied {
  /** The rules that apply, in rank order. */
  fired: number[];
  /** The applying rules whose exceptions are unknown, with them. */
  caveats: Map<number, Caveat[]>;
  hypotheses: Hypothesis[];
}

/**
 * One trial of the question search: does `rule` apply (or, for an exception, is it defeated)
 * under the incident's known facts plus `assumed`. The search asks an oracle; the compiled form
 * answers it on the hot path, json-rules-engine in the reference check (engine/reference.ts).
 */
export type Oracle = (
  ir: CompiledPolicy,
  rule: CompiledRule,
  bits: Int32Array,
  question: 'applies' | 'defeated',
  assumed: Record<string, boolean>,
) => boolean;

export const compiledOracle: Oracle = (ir, rule, bits, question) => (question === 'applies' ? applies(ir, rule, bits) : defeated(ir, rule, bits));

/** Applies the rules to an incident: what fires, with which caveats, and the questions to ask. */
export function applyRules(ir: CompiledPolicy, incident: Incident, oracle: Oracle = compiledOracle, known: Int32Array = knownBits(ir, incident)): Applied {
  const candidates = candidateRules(ir, known);
  const fired: number[] = [];
  for (const rank of candidates) if (applies(ir, ir.rules[rank]!, known)) fired.push(rank);
  const caveats = new Map<number, Caveat[]>();
  let possible: Int32Array | undefined;
  for (const rank of fired) {
    const rule = ir.rules[rank]!;
    if (rule.unless === undefined && rule.overriddenBy.length === 0) continue;
    const found = caveatsOf(ir, rule, known, (possible ??= possibleBits(ir, known)));
    if (found.length > 0) caveats.set(rank, found);
  }
  const hypotheses = searchQuestions(ir, known, candidates, fired, caveats, oracle, possible);
  return { fired, caveats, hypotheses };
}

/**
 * The question search. For each candidate rule that does not apply but may (its condition may
 * hold): the smallest assumptions about its unknown facts (one, then two, then three; facts in
 * sorted order, true before false) under which it would apply. For each applying rule with an
 * unknown exception: the smallest assumptions under which the exception would defeat it.
 * Assumptions are grouped into hypotheses by the facts assumed.
 */
export function searchQuestions(
  ir: CompiledPolicy,
  known: Int32Array,
  candidates: number[],
  fired: number[],
  caveats: Map<number, Caveat[]>,
  oracle: Oracle,
  possibleIn?: Int32Array,
): Hypothesis[] {
  const found = new Map<string, Hypothesis>();
  const isFired = new Set(fired);
  let possible = possibleIn;
  let scratch: Int32Array | undefined;
  for (const rank of candidates) {
    if (isFired.has(rank)) continue;
    const rule = ir.rules[rank]!;
    if (rule.factsRead.length === 0) continue;
    possible ??= possibleBits(ir, known);
    if (!rule.when.holds(possible)) continue;
    const unknown = rule.factsRead.filter((f) => isUnknown(ir, known, f));
    if (unknown.length === 0) continue;
    search(ir, rule, unknown, (scratch ??= known.slice()), 'applies', oracle, found);
  }
  for (const [rank] of caveats) {
    const rule = ir.rules[rank]!;
    const unknown = rule.exceptionFactsRead.filter((f) => isUnknown(ir, known, f));
    if (unknown.length > 0) search(ir, rule, unknown, (scratch ??= known.slice()), 'defeated', oracle, found);
  }
  return [...found.values()];
}

const BOTH = [true, false] as const;

function search(
  ir: CompiledPolicy,
  rule: CompiledRule,
  unknown: string[],
  bits: Int32Array,
  question: 'applies' | 'defeated',
  oracle: Oracle,
  found: Map<string, Hypothesis>,
): void {
  const literals = unknown.map((f) => 2 * ir.factAtoms.get(f)!);
  const n = unknown.length;
  const trial = (picked: number[], values: readonly boolean[]): boolean => {
    const assumed: Record<string, boolean> = {};
    for (let i = 0; i < picked.length; i++) {
      setBit(bits, literals[picked[i]!]! + (values[i] ? 0 : 1));
      assumed[unknown[picked[i]!]!] = values[i]!;
    }
    const yes = oracle(ir, rule, bits, question, assumed);
    for (let i = 0; i < picked.length; i++) {
      const l = literals[picked[i]!]! + (values[i] ? 0 : 1);
      bits[l >>> 5]! &= ~(1 << (l & 31));
    }
    if (!yes) return false;
    const key = JSON.stringify(assumed);
    let h = found.get(key);
    if (!h) found.set(key, (h = { facts: assumed, adds: [], removes: [] }));
    (question === 'applies' ? h.adds : h.removes).push(rule.id);
    return true;
  };
  let settled = false;
  for (let a = 0; a < n; a++) for (const va of BOTH) settled = trial([a], [va]) || settled;
  if (settled) return;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) for (const va of BOTH) for (const vb of BOTH) settled = trial([a, b], [va, vb]) || settled;
  if (settled) return;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      for (let c = b + 1; c < n; c++) for (const va of BOTH) for (const vb of BOTH) for (const vc of BOTH) trial([a, b, c], [va, vb, vc]);
    }
  }
}
