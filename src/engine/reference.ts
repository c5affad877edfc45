import type { NestedCondition, RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { Incident } from '../incident/schema.js';
import { caveatsOf, knownBits, possibleBits, searchQuestions, type Applied, type Caveat, type Oracle } from './apply.js';
import type { CompiledPolicy, CompiledRule, ConditionNode } from './ir.js';
import { RuleRunner, type EngineFacts } from './runner.js';

/**
 * The reference semantics: json-rules-engine rules generated from the compiled form (never
 * written by hand), and an evaluation that takes every answer from json-rules-engine runs.
 * Slow; the load-time dry run and tests/differential.test.ts hold the compiled evaluator to it.
 */

/** The engine fact for a role with an involvement (`any` for `involves:`), and for a vocabulary fact. */
export const roleFact = (involvement: string) => `role.${involvement}`;
export const factFact = (name: string) => `fact.${name}`;

/** A node as a json-rules-engine condition: an unknown fact (null) satisfies neither `equal true` nor `equal false`. */
export function engineCondition(ir: CompiledPolicy, node: ConditionNode): NestedCondition {
  if (node.op !== 'literal') {
    const children = node.children.map((c) => engineCondition(ir, c));
    return node.op === 'all' ? { all: children } : { any: children };
  }
  const atom = ir.atoms[node.literal >>> 1]!;
  const holds = node.literal % 2 === 0;
  if (atom.kind === 'fact') return { fact: factFact(atom.term), operator: 'equal', value: holds };
  const fact = atom.kind === 'activity' ? 'activities' : atom.kind === 'technology' ? 'technologies' : roleFact(atom.involvement!);
  return { fact, operator: holds ? 'contains' : 'doesNotContain', value: atom.term };
}

/** A rule applies: its condition holds, its `unless` does not, and no rule that overrides it applies. */
export function engineRuleCondition(ir: CompiledPolicy, rule: CompiledRule): TopLevelCondition {
  const parts: NestedCondition[] = [engineCondition(ir, rule.when)];
  if (rule.unless) parts.push({ not: engineCondition(ir, rule.unless) });
  for (const o of rule.overriddenBy) parts.push({ not: engineRuleCondition(ir, ir.rules[o]!) });
  return { all: parts };
}

export function engineRules(ir: CompiledPolicy): RuleProperties[] {
  return ir.rules.map((rule) => ({ name: rule.id, conditions: engineRuleCondition(ir, rule), event: { type: 'rule-applies', params: { rule: rule.id } } }));
}

/** What json-rules-engine is told about an incident: lists of terms, and true / false / null for every fact. */
export function engineFacts(ir: CompiledPolicy, incident: Incident, assume: Record<string, boolean> = {}): EngineFacts {
  const facts: EngineFacts = { activities: incident.activities, technologies: incident.technologies };
  for (const involvement of ir.involvements) {
    facts[roleFact(involvement)] = incident.people.filter((p) => involvement === 'any' || p.involvement === involvement).map((p) => p.role);
  }
  for (const name of Object.keys(ir.vocabulary.facts)) {
    const value = Object.hasOwn(assume, name) ? assume[name] : Object.hasOwn(incident.facts, name) ? incident.facts[name] : null;
    facts[factFact(name)] = typeof value === 'boolean' ? value : null;
  }
  return facts;
}

/** The reference evaluator for one policy: its generated json-rules-engine rules and a runner. */
export class Reference {
  readonly runner: RuleRunner;
  private readonly ids: string[];

  constructor(private readonly ir: CompiledPolicy) {
    this.runner = new RuleRunner(engineRules(ir));
    this.ids = ir.rules.map((r) => r.id);
  }

  /** The ids of the rules json-rules-engine says apply (all rules are run, no index). */
  fire(incident: Incident, assume?: Record<string, boolean>, ids: readonly string[] = this.ids): Promise<Set<string>> {
    return this.runner.run(ids, engineFacts(this.ir, incident, assume));
  }

  /**
   * `applyRules`, with json-rules-engine answering: which rules apply, and every trial of the
   * question search. The search is run with the answers known so far; the trials it asked about
   * that had no answer are run on json-rules-engine (grouped by assumption), and the search is run
   * again, until it asks nothing new: the last run read json-rules-engine's answers only.
   */
  async apply(incident: Incident): Promise<Applied> {
    const ir = this.ir;
    const firedIds = await this.fire(incident);
    const fired = ir.rules.filter((r) => firedIds.has(r.id)).map((r) => r.rank);
    const known = knownBits(ir, incident);
    const possible = possibleBits(ir, known);
    const caveats = new Map<number, Caveat[]>();
    for (const rank of fired) {
      const found = caveatsOf(ir, ir.rules[rank]!, known, possible);
      if (found.length > 0) caveats.set(rank, found);
    }
    const answers = new Map<string, boolean>();
    const all = ir.rules.map((r) => r.rank);
    for (;;) {
      const pending = new Map<string, { assumed: Record<string, boolean>; rules: Set<string> }>();
      const oracle: Oracle = (_ir, rule, _bits, question, assumed) => {
        const key = JSON.stringify(assumed);
        const applies = answers.get(`${rule.id}\0${key}`);
        if (applies === undefined) {
          const p = pending.get(key) ?? { assumed: { ...assumed }, rules: new Set<string>() };
          p.rules.add(rule.id);
          pending.set(key, p);
          return false;
        }
        // The rule's condition held before the assumption and still does (conditions are
        // monotone in what is known), so "defeated" is "no longer applies".
        return question === 'applies' ? applies : !applies;
      };
      const hypotheses = searchQuestions(ir, known, all, fired, caveats, oracle, possible);
      if (pending.size === 0) return { fired, caveats, hypotheses };
      for (const [key, p] of pending) {
        const ids = [...p.rules].sort();
        const now = await this.fire(incident, p.assumed, ids);
        for (const id of ids) answers.set(`${id}\0${key}`, now.has(id));
      }
    }
  }
}
