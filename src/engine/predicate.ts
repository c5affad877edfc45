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
