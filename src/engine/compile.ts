import type { NestedCondition, RuleProperties, TopLevelCondition } from 'json-rules-engine';
import type { Condition } from '../policy/schema.js';

/**
 * Compiles the closed condition language to json-rules-engine conditions.
 *
 * Facts are three-valued (true, false, unknown). Negation is pushed down to the atoms
 * (negation normal form), and an unknown fact makes both `fact: x` and its negation false, so a
 * rule fires only when the known facts make its condition true, never on a guess.
 */
export function compileCondition(condition: Condition): TopLevelCondition {
  const compiled = toEngine(condition, false);
  return 'all' in compiled || 'any' in compiled ? (compiled as TopLevelCondition) : { all: [compiled] };
}

/** The engine fact that holds the roles present with one involvement (or any involvement). */
export function roleFact(involvement: string): string {
  return `role.${involvement}`;
}

/** The engine fact that holds one vocabulary fact: true, false or null (unknown). */
export function factFact(name: string): string {
  return `fact.${name}`;
}

function toEngine(c: Condition, negated: boolean): NestedCondition {
  if (c.all) return group(negated ? 'any' : 'all', c.all.map((x) => toEngine(x, negated)));
  if (c.any) return group(negated ? 'all' : 'any', c.any.map((x) => toEngine(x, negated)));
  if (c.not) return toEngine(c.not, !negated);
  if (c.fact !== undefined) return { fact: factFact(c.fact), operator: 'equal', value: !negated };
  const membership = (fact: string, value: string): NestedCondition => ({
    fact,
    operator: negated ? 'doesNotContain' : 'contains',
    value,
  });
  if (c.activity !== undefined) return membership('activities', c.activity);
  if (c.technology !== undefined) return membership('technologies', c.technology);
  if (c.involves !== undefined) return membership(roleFact('any'), c.involves);
  for (const involvement of ['subject', 'affected', 'reporter', 'witness'] as const) {
    const role = c[involvement];
    if (role !== undefined) return membership(roleFact(involvement), role);
  }
  throw new Error(`internal: uncompilable condition ${JSON.stringify(c)}`);
}

function group(kind: 'all' | 'any', items: NestedCondition[]): NestedCondition {
  return (kind === 'all' ? { all: items } : { any: items }) as NestedCondition;
}

/** The vocabulary facts a condition reads (the only facts that can change whether it fires). */
export function factsRead(c: Condition, into = new Set<string>()): Set<string> {
  if (c.fact !== undefined) into.add(c.fact);
  for (const child of [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])]) factsRead(child, into);
  return into;
}

/**
 * Activities of which at least one must be present for the condition to hold, or undefined when
 * the condition can hold without any particular activity. Used to index rules by activity.
 */
export function requiredActivities(c: Condition): Set<string> | undefined {
  if (c.activity !== undefined) return new Set([c.activity]);
  if (c.all) {
    let best: Set<string> | undefined;
    for (const child of c.all) {
      const req = requiredActivities(child);
      if (req && (!best || req.size < best.size)) best = req;
    }
    return best;
  }
  if (c.any) {
    const union = new Set<string>();
    for (const child of c.any) {
      const req = requiredActivities(child);
      if (!req) return undefined;
      for (const a of req) union.add(a);
    }
    return union;
  }
  return undefined;
}

export function compileRule(id: string, condition: Condition): RuleProperties {
  return { name: id, conditions: compileCondition(condition), event: { type: 'rule-fired', params: { rule: id } } };
}
