import type { NestedCondition, TopLevelCondition } from 'json-rules-engine';
import type { EngineFacts } from './runner.js';

/** A compiled rule condition: true when json-rules-engine would fire the rule on these facts. */
export type Predicate = (facts: EngineFacts) => boolean;

/**
 * Compiles a json-rules-engine condition (the very JSON the engine is given, see compile.ts) to
 * a plain function. It interprets the engine's own operators exactly as json-rules-engine 7 does
 * (engine-default-operators.js: a fact value failing the operator's validator makes the
 * condition false), so it is a faster reading of the same rules, not a second rule language.
 * tests/differential.test.ts checks it decision by decision against the engine.
 */
export function compilePredicate(condition: TopLevelCondition | NestedCondition): Predicate {
  const c = condition as Record<string, unknown>;
  if (Array.isArray(c.all)) {
    const parts = (c.all as NestedCondition[]).map(compilePredicate);
    return (facts) => {
      for (const part of parts) if (!part(facts)) return false;
      return true;
    };
  }
  if (Array.isArray(c.any)) {
    const parts = (c.any as NestedCondition[]).map(compilePredicate);
    return (facts) => {
      for (const part of parts) if (part(facts)) return true;
      return false;
    };
  }
  const { fact, operator, value } = c as { fact?: unknown; operator?: unknown; value?: unknown };
  if (typeof fact !== 'string' || 'path' in c || 'params' in c || (typeof value === 'object' && value !== null)) {
    throw new Error(`internal: no predicate for condition ${JSON.stringify(condition)}`);
  }
  switch (operator) {
    case 'equal':
      return (facts) => facts[fact] === value;
    case 'contains':
      return (facts) => {
        const list = facts[fact];
        return Array.isArray(list) && list.indexOf(value) > -1;
      };
    case 'doesNotContain':
      return (facts) => {
        const list = facts[fact];
        return Array.isArray(list) && list.indexOf(value) === -1;
      };
    default:
      throw new Error(`internal: no predicate for operator ${JSON.stringify(operator)}`);
  }
}

/** Three-valued answer: the condition is false, true, or depends on the unknown facts. */
export const NO = 0;
export const MAYBE = 1;
export const YES = 2;
export type Possibility = typeof NO | typeof MAYBE | typeof YES;

/**
 * Compiles a condition to a three-valued test where every comparison with an unknown fact (a
 * `fact.*` engine fact that is null) may go either way. NO means no assumption about the
 * unknown facts can fire the rule, so the question search can skip it; anything else is only a
 * "perhaps", settled by running the predicate under each assumption.
 */
export function compilePossibility(condition: TopLevelCondition | NestedCondition): (facts: EngineFacts) => Possibility {
  const c = condition as Record<string, unknown>;
  if (Array.isArray(c.all) || Array.isArray(c.any)) {
    const all = Array.isArray(c.all);
    const parts = ((all ? c.all : c.any) as NestedCondition[]).map(compilePossibility);
    return (facts) => {
      let result: Possibility = all ? YES : NO;
      for (const part of parts) {
        const p = part(facts);
        if (p === (all ? NO : YES)) return p;
        if (p === MAYBE) result = MAYBE;
      }
      return result;
    };
  }
  const fact = String(c.fact);
  const known = compilePredicate(condition);
  if (!fact.startsWith('fact.')) return (facts) => (known(facts) ? YES : NO);
  return (facts) => (facts[fact] === null ? MAYBE : known(facts) ? YES : NO);
}
